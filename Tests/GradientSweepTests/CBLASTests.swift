import CBLAS
import Testing

/// The OpenBLAS calls that `GradientSweep` relies on, checked on small inputs
/// whose results are exact in binary floating point (small integers and halves),
/// so every expectation is an exact equality.
///
/// These tests pin down the calling conventions (row-major order, leading
/// dimensions, strides, `alpha`/`beta`) rather than OpenBLAS's arithmetic.
@Suite("CBLAS (OpenBLAS)")
struct CBLASTests {
    // MARK: ddot

    @Test("ddot: x · y")
    func dotProduct() {
        let x: [Double] = [1, 2, 3]
        let y: [Double] = [4, 5, 6]
        #expect(cblas_ddot(3, x, 1, y, 1) == 32)
    }

    @Test("ddot: strides skip elements")
    func dotProductWithStride() {
        // Every other element of x: [1, 2, 3].
        let x: [Double] = [1, -100, 2, -100, 3]
        let y: [Double] = [4, 5, 6]
        #expect(cblas_ddot(3, x, 2, y, 1) == 32)
    }

    @Test("ddot: n = 0 gives 0")
    func dotProductOfNothing() {
        let x: [Double] = [7]
        #expect(cblas_ddot(0, x, 1, x, 1) == 0)
    }

    // MARK: dger (A += alpha * x * yᵀ)

    @Test("dger: rank-1 update of a zero 3×2 row-major matrix")
    func rankOneUpdateOfZero() {
        let x: [Double] = [1, 2, 3]
        let y: [Double] = [4, 5]
        var a = [Double](repeating: 0, count: 3 * 2)
        cblas_dger(CblasRowMajor, 3, 2, 1, x, 1, y, 1, &a, 2)
        #expect(a == [
            4, 5,
            8, 10,
            12, 15,
        ])
    }

    @Test("dger: alpha scales, and the update adds to A")
    func rankOneUpdateAccumulates() {
        let x: [Double] = [1, 2, 3]
        let y: [Double] = [4, 5]
        var a: [Double] = [
            1, 1,
            1, 1,
            1, 1,
        ]
        cblas_dger(CblasRowMajor, 3, 2, -0.5, x, 1, y, 1, &a, 2)
        #expect(a == [
            -1, -1.5,
            -3, -4,
            -5, -6.5,
        ])
    }

    @Test("dger: lda larger than the row leaves the padding alone")
    func rankOneUpdateWithLeadingDimension() {
        let x: [Double] = [1, 2]
        let y: [Double] = [3, 4]
        // 2×2 matrix stored in rows of 3; the third column is padding.
        var a: [Double] = [
            0, 0, 99,
            0, 0, 99,
        ]
        cblas_dger(CblasRowMajor, 2, 2, 1, x, 1, y, 1, &a, 3)
        #expect(a == [
            3, 4, 99,
            6, 8, 99,
        ])
    }

    @Test("dger: column-major stores the same matrix transposed in memory")
    func rankOneUpdateColumnMajor() {
        let x: [Double] = [1, 2, 3]
        let y: [Double] = [4, 5]
        var a = [Double](repeating: 0, count: 3 * 2)
        cblas_dger(CblasColMajor, 3, 2, 1, x, 1, y, 1, &a, 3)
        #expect(a == [
            4, 8, 12,
            5, 10, 15,
        ])
    }

    // MARK: dgemm (C = alpha * op(A) * op(B) + beta * C)

    /// A is 2×3 and B is 3×2, both row-major.
    static let a: [Double] = [
        1, 2, 3,
        4, 5, 6,
    ]
    static let b: [Double] = [
        7, 8,
        9, 10,
        11, 12,
    ]

    @Test("dgemm: 2×3 times 3×2")
    func matrixProduct() {
        var c = [Double](repeating: 0, count: 2 * 2)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1, Self.a, 3, Self.b, 2, 0, &c, 2)
        #expect(c == [
            58, 64,
            139, 154,
        ])
    }

    @Test("dgemm: alpha and beta (C = 0.5·A·B + 2·C)")
    func matrixProductAccumulates() {
        var c: [Double] = [
            1, -1,
            0.5, 2,
        ]
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 0.5, Self.a, 3, Self.b, 2, 2, &c, 2)
        #expect(c == [
            31, 30,
            70.5, 81,
        ])
    }

    @Test("dgemm: A·Aᵀ with the transpose flag")
    func matrixTimesItsTranspose() {
        var c = [Double](repeating: 0, count: 2 * 2)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, 2, 2, 3, 1, Self.a, 3, Self.a, 3, 0, &c, 2)
        #expect(c == [
            14, 32,
            32, 77,
        ])
    }

    @Test("dgemm: a k = 1 product is the outer product dger computes")
    func outerProductAsMatrixProduct() {
        let x: [Double] = [1, 2, 3]
        let y: [Double] = [4, 5]
        var viaGemm = [Double](repeating: 0, count: 3 * 2)
        var viaGer = [Double](repeating: 0, count: 3 * 2)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 3, 2, 1, 1, x, 1, y, 2, 0, &viaGemm, 2)
        cblas_dger(CblasRowMajor, 3, 2, 1, x, 1, y, 1, &viaGer, 2)
        #expect(viaGemm == viaGer)
        #expect(viaGemm == [4, 5, 8, 10, 12, 15])
    }
}
