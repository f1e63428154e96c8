# gradcheck: build, test, demo and benchmark.  GNU make.
#
#   make            release build (same as `make build`)
#   make test       debug build, then the Swift Testing suites (the Slurm cluster
#                   test only with GRADCHECK_SLURM_TEST=1, as .ci/run sets it)
#   make test-quick the same without the suites tagged .slow
#   make test-slurm the Slurm cluster test alone (root on Debian: installs Slurm)
#   make release-check  the release build against the debug build: the same output
#                   for every command on the fixtures (.ci/run runs it after make test)
#   make demo       the commands on the bundled fixtures; output files in out/
#   make bench      `gradcheck sweep` vs NumPy, C (q2) and JAX (every network), BENCH_REPEAT runs each
#   make deps       install OpenBLAS (and, optionally, librsvg2-bin) from Debian
#   make clean
#
# SCRATCH is SwiftPM's build folder; use your own (e.g. SCRATCH=.build-me, a
# name .gitignore already covers) to avoid waiting on another build's lock.

SWIFT        ?= swift
SCRATCH      ?= .build
PYTHON       ?= python3
BENCH_REPEAT ?= 3

SWIFT_BUILD_FLAGS := --scratch-path $(SCRATCH)
RELEASE_BIN       := $(SCRATCH)/release/gradcheck

.DEFAULT_GOAL := build
.PHONY: deps build test test-quick test-slurm release-check demo bench clean

deps:
	@.ci/deps

build: deps
	$(SWIFT) build -c release $(SWIFT_BUILD_FLAGS)

# The debug build comes first: the CLI tests run the debug `gradcheck` binary.
test: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)
	$(SWIFT) test $(SWIFT_BUILD_FLAGS) --disable-xctest

test-quick: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)
	GRADCHECK_QUICK=1 $(SWIFT) test $(SWIFT_BUILD_FLAGS) --disable-xctest

test-slurm: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)
	GRADCHECK_SLURM_TEST=1 $(SWIFT) test $(SWIFT_BUILD_FLAGS) --disable-xctest --filter 'SlurmClusterTests'

release-check: build
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)
	.ci/release-check $(SCRATCH)/debug/gradcheck $(RELEASE_BIN)

demo: build
	@.ci/demo $(RELEASE_BIN)

bench: build
	$(PYTHON) bench/run_bench.py --binary $(RELEASE_BIN) --repeat $(BENCH_REPEAT) --numpy-threads 2
	$(PYTHON) bench/run_networks.py --binary $(RELEASE_BIN) --repeat $(BENCH_REPEAT) --numpy-threads 2

clean:
	$(SWIFT) package clean $(SWIFT_BUILD_FLAGS)
	rm -rf out bench/__pycache__
