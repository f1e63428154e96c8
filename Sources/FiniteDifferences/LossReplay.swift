/// A function of one variable that answers from values computed beforehand
/// at an ``EvaluationPlan``'s arguments, and evaluates anything else itself.
///
/// The estimators ask in a deterministic order, so the replay keeps a cursor
/// into the plan: a request whose argument has exactly the bit pattern of the
/// planned argument under the cursor gets the planned value (and the cursor
/// moves on); any other request (a kink path's one-sided or shrunk steps) is
/// passed to `fallback`. Provided `values[i]` is bit for bit what `fallback`
/// returns at `arguments[i]`, every answer is the one `fallback` would give:
/// the estimate is unchanged to the last bit.
///
/// Not thread-safe: one replay per estimate.
public final class LossReplay {
    public let arguments: [Double]
    public let values: [Double]
    private let fallback: (Double) -> Double
    private var cursor = 0
    /// How many requests were not in the plan (each one evaluation of `fallback`).
    public private(set) var fallbacks = 0

    /// - Precondition: `values.count == arguments.count`.
    public init(arguments: [Double], values: [Double], fallback: @escaping (Double) -> Double) {
        precondition(arguments.count == values.count)
        self.arguments = arguments
        self.values = values
        self.fallback = fallback
    }

    /// The value at `t`: the planned one if `t` is the next planned argument, else `fallback(t)`.
    public func callAsFunction(_ t: Double) -> Double {
        if cursor < arguments.count, arguments[cursor].bitPattern == t.bitPattern {
            cursor += 1
            return values[cursor - 1]
        }
        fallbacks += 1
        return fallback(t)
    }
}
