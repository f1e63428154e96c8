extension ClosedForm {
    /// Every bundled closed form, one per network in `fixtures/networks/`.
    public static let all: [ClosedForm] = [q2, q2CrossEntropy, q2Tanh, q2ReLU, q2ThreeWeights]

    private static let chain = """
        input x
        label y
        param w1 w2
        z1 = x * w1
        z2 = a1 * w2
        a2 = sigmoid(z2)
        """

    /// The exam's network, parts 4 and 6:
    /// `dLoss/dw1 = (a2 - y*) a2(1 - a2) w2 a1(1 - a1) x`, `dLoss/dw2 = (a2 - y*) a2(1 - a2) a1`.
    public static let q2 = ClosedForm(
        name: "q2",
        source: chain + "\na1 = sigmoid(z1)\nloss Loss = 0.5 * (a2 - y)^2",
        formulas: [
            ("w1", "(a2 - y) * a2 * (1 - a2) * w2 * a1 * (1 - a1) * x"),
            ("w2", "(a2 - y) * a2 * (1 - a2) * a1"),
        ])

    /// Cross-entropy loss on a sigmoid output: `dLoss/dz2 = a2 - y*`, so the
    /// factor `a2(1 - a2)` of the quadratic loss cancels.
    public static let q2CrossEntropy = ClosedForm(
        name: "q2-cross-entropy",
        source: chain + "\na1 = sigmoid(z1)\nloss Loss = -(y * log(a2) + (1 - y) * log(1 - a2))",
        formulas: [
            ("w1", "(a2 - y) * w2 * a1 * (1 - a1) * x"),
            ("w2", "(a2 - y) * a1"),
        ])

    /// tanh hidden unit: `g1'(z1) = 1 - a1^2`.
    public static let q2Tanh = ClosedForm(
        name: "q2-tanh",
        source: chain + "\na1 = tanh(z1)\nloss Loss = 0.5 * (a2 - y)^2",
        formulas: [
            ("w1", "(a2 - y) * a2 * (1 - a2) * w2 * (1 - a1^2) * x"),
            ("w2", "(a2 - y) * a2 * (1 - a2) * a1"),
        ])

    /// relu hidden unit: `g1'(z1)` is 1 for z1 > 0 and 0 for z1 < 0, written
    /// `a1 / z1`; at the kink z1 = 0 it is undefined (0/0, NaN), as it should be.
    public static let q2ReLU = ClosedForm(
        name: "q2-relu",
        source: chain + "\na1 = relu(z1)\nloss Loss = 0.5 * (a2 - y)^2",
        formulas: [
            ("w1", "(a2 - y) * a2 * (1 - a2) * w2 * (a1 / z1) * x"),
            ("w2", "(a2 - y) * a2 * (1 - a2) * a1"),
        ])

    /// Three sigmoid units: with `d3 = (a3 - y*) a3(1 - a3)`,
    /// `dLoss/dw3 = d3 a2`, `dLoss/dw2 = d3 w3 a2(1 - a2) a1`,
    /// `dLoss/dw1 = d3 w3 a2(1 - a2) w2 a1(1 - a1) x`.
    public static let q2ThreeWeights = ClosedForm(
        name: "q2-three-weights",
        source: """
            input x
            label y
            param w1 w2 w3
            z1 = x * w1
            a1 = sigmoid(z1)
            z2 = a1 * w2
            a2 = sigmoid(z2)
            z3 = a2 * w3
            a3 = sigmoid(z3)
            loss Loss = 0.5 * (a3 - y)^2
            """,
        formulas: [
            ("w1", "(a3 - y) * a3 * (1 - a3) * w3 * a2 * (1 - a2) * w2 * a1 * (1 - a1) * x"),
            ("w2", "(a3 - y) * a3 * (1 - a3) * w3 * a2 * (1 - a2) * a1"),
            ("w3", "(a3 - y) * a3 * (1 - a3) * a2"),
        ])
}
