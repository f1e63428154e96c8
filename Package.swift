// swift-tools-version:6.0
import PackageDescription

/// gradcheck: numerical verification of gradients.
///
/// One library module per concern; the `gradcheck` executable is a thin
/// command-line layer over them. See README.md for the module map.
let package = Package(
    name: "gradcheck",
    products: [
        .executable(name: "gradcheck", targets: ["gradcheck"]),
        .library(name: "GradientCheck", targets: ["GradientCheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    ],
    targets: [
        // OpenBLAS's CBLAS interface (Debian: libopenblas-dev), found with pkg-config.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Diagnostics, source locations, output formats and SVG shared by every command.
        .target(name: "Reporting"),
        // Scalar computation graphs: expressions, network files, evaluation.
        .target(name: "NetworkModel", dependencies: ["Reporting"]),
        // Closed forms, forward mode (dual numbers) and reverse mode.
        .target(name: "AnalyticGradients", dependencies: ["NetworkModel"]),
        // Finite-difference estimates with derived step sizes and error estimates.
        .target(
            name: "FiniteDifferences",
            dependencies: [
                "NetworkModel",
                .product(name: "ComplexModule", package: "swift-numerics"),
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        // Tolerance model, verdicts, and the library API for users' own gradients.
        .target(
            name: "GradientCheck",
            dependencies: ["NetworkModel", "AnalyticGradients", "FiniteDifferences", "Reporting"]
        ),
        // AVX2/FMA kernels (exp, sigmoid, the exam row kernel) as static inline C, each function
        // compiled for AVX2/FMA by its own target attribute and called only on CPUs that have them. Not API.
        .target(name: "_SIMDShims"),
        // The sweep (`gradcheck sweep`): analytic against finite-difference gradients over grids and
        // point lists, compiled from the network; request validation, summaries, merging, heatmaps.
        .target(
            name: "GradientSweep",
            // Compiled for baseline x86-64 with every check on: the AVX2/FMA kernels are C
            // functions of _SIMDShims with their own target attribute, chosen at run time
            // (VectorKernels), so one binary runs on every x86-64 CPU.
            dependencies: [
                "NetworkModel", "AnalyticGradients", "FiniteDifferences", "GradientCheck", "Reporting", "CBLAS", "_SIMDShims",
                .product(name: "ComplexModule", package: "swift-numerics"),
            ]
        ),
        // Checking Markdown+LaTeX worked solutions (`gradcheck key`).
        .target(name: "AnswerKey", dependencies: ["NetworkModel", "AnalyticGradients", "Reporting"]),
        // Feasibility of drawn gradient ascent/descent paths (`gradcheck trajectory`).
        .target(name: "Trajectories", dependencies: ["NetworkModel", "AnalyticGradients", "Reporting"]),
        // Sweeps on Slurm clusters (`gradcheck submit`, `--shard auto`): job-array scripts, run directories.
        .target(name: "Cluster", dependencies: ["GradientSweep", "Reporting"]),
        .executableTarget(
            name: "gradcheck",
            dependencies: [
                "Reporting", "NetworkModel", "AnalyticGradients", "FiniteDifferences", "GradientCheck",
                "GradientSweep", "AnswerKey", "Trajectories", "Cluster",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "ReportingTests", dependencies: ["Reporting"]),
        .testTarget(name: "NetworkModelTests", dependencies: ["NetworkModel"]),
        .testTarget(
            name: "AnalyticGradientsTests",
            dependencies: ["AnalyticGradients", "NetworkModel"]
        ),
        .testTarget(
            name: "FiniteDifferencesTests",
            dependencies: ["FiniteDifferences", "AnalyticGradients", "NetworkModel"]
        ),
        .testTarget(
            name: "GradientCheckTests",
            dependencies: ["GradientCheck", "FiniteDifferences", "AnalyticGradients", "NetworkModel"]
        ),
        .testTarget(
            name: "GradientSweepTests",
            dependencies: ["GradientSweep", "CBLAS", "NetworkModel", "GradientCheck", "AnalyticGradients", "FiniteDifferences", "Reporting"]
        ),
        .testTarget(name: "AnswerKeyTests", dependencies: ["AnswerKey", "NetworkModel", "Reporting"]),
        .testTarget(name: "TrajectoriesTests", dependencies: ["Trajectories", "NetworkModel", "Reporting"]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster", "GradientSweep", "NetworkModel", "Reporting"]),
        // A one-node Slurm cluster on loopback (root on Debian only): `gradcheck submit` for real.
        .testTarget(name: "SlurmTests", dependencies: ["gradcheck"]),
        // Runs the built `gradcheck` binary and checks its output and exit status.
        .testTarget(name: "CLITests", dependencies: ["gradcheck"]),
    ]
)
