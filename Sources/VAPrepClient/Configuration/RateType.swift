/// The vendor's liveness threshold levels (`rate_type`), with the figures from its table.
///
/// Face comparison with the ID photo is only attempted when `livingScore` is above the
/// chosen level's ``threshold``. Level 1 is the vendor's default and recommendation; the
/// numbering is not monotonic — level 2 is the *most lenient*.
///
/// | level | threshold | TRR (spoofs rejected) | FRR (real people rejected) | TAR |
/// |---|---|---|---|---|
/// | 2 | 0.022403 | 90.3 % | 0.1 % | 99.9 % |
/// | 1 | 0.393241 | 96.3 % | 0.5 % | 99.5 % |
/// | 3 | 0.649192 | 97.6 % | 1 % | 99 % |
/// | 4 | 0.933801 | 99.0 % | 2 % | 98 % |
/// | 5 | 0.973637 | 99.4 % | 3 % | 97 % |
/// | 6 | 0.988479 | 99.6 % | 4 % | 96 % |
/// | 7 | 0.994058 | 99.7 % | 5 % | 95 % |
public enum RateType: Int, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case level1 = 1, level2, level3, level4, level5, level6, level7

    /// The vendor's recommended default.
    public static let `default` = RateType.level1

    /// `livingScore` must be above this for the clip to count as live.
    public var threshold: Double {
        switch self {
        case .level2: 0.022403
        case .level1: 0.393241
        case .level3: 0.649192
        case .level4: 0.933801
        case .level5: 0.973637
        case .level6: 0.988479
        case .level7: 0.994058
        }
    }

    /// Attack rejection rate: the share of spoof attempts rejected.
    public var trueRejectionRate: Double {
        switch self {
        case .level2: 0.90325733
        case .level1: 0.96254072
        case .level3: 0.97557003
        case .level4: 0.98990228
        case .level5: 0.99446254
        case .level6: 0.99641694
        case .level7: 0.99739414
        }
    }

    /// False reject rate: the share of real people wrongly rejected.
    public var falseRejectionRate: Double {
        switch self {
        case .level2: 0.001
        case .level1: 0.005
        case .level3: 0.01
        case .level4: 0.02
        case .level5: 0.03
        case .level6: 0.04
        case .level7: 0.05
        }
    }

    /// Pass rate: the share of real people accepted (1 − FRR).
    public var trueAcceptanceRate: Double { 1 - falseRejectionRate }

    public var description: String { "rate_type \(rawValue) (threshold \(threshold))" }
}
