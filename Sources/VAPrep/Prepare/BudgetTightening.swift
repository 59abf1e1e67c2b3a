import VAPrepMedia

/// How an over-budget encode is retried: a lower cap first, then a lower quality target,
/// then a smaller picture — never an output over the budget.
enum BudgetTightening {
    /// Aim 10% under the budget: x264's VBV is not exact, and aiming at the limit itself
    /// would invite a third encode.
    static let aimBelow = 0.9
    /// Each retry gives up this much CRF (≈ 12% fewer bits per step at x264's defaults).
    static let crfStep = 2.0
    /// Past this CRF faces lose the texture a liveness model looks at; shrink instead.
    static let maxCRF = 35.0

    /// Settings for the next attempt after `settings` produced `actualMP4Bytes` against a
    /// `maxMP4Bytes` budget.
    /// - Throws: ``PrepareError/budgetTooSmall(budgetBytes:unit:neededBytes:windowSeconds:minimumSize:fittingSeconds:)``
    ///   when even the smallest picture at the least acceptable rate cannot fit.
    static func next(
        after settings: TranscodeSettings, actualMP4Bytes: Int, budget: PayloadBudget, sourceFps: Double
    ) throws(PrepareError) -> TranscodeSettings {
        var s = settings
        let fps = min(s.maxFps ?? sourceFps, sourceFps > 0 ? sourceFps : 30)
        let ratio = Double(budget.maxMP4Bytes) / Double(max(actualMP4Bytes, 1)) * aimBelow
        // Without a cap, the size the encoder produced stands in for its rate.
        let spentRate = Double(s.maxRateBitsPerSecond ?? Int(Double(actualMP4Bytes) * 8 / (s.duration + 1)))
        let rate = spentRate * min(ratio, aimBelow)
        s.maxRateBitsPerSecond = Int(rate)
        s.bufferSizeBits = Int(rate)
        s.crf = min(s.crf + crfStep, maxCRF)

        var size = OutputSize(width: s.outputWidth, height: s.outputHeight)
        let smallest = Plan.minimumSize(of: size)
        if rate < RateCap.minimumRate(size: size, fps: fps) {
            let wanted = rate / (RateCap.minimumBitsPerPixel * fps)
            let shrunk = size.scaled(by: (wanted / Double(size.pixels)).squareRoot())
            size = shrunk.longSide < smallest.longSide ? smallest : shrunk
            if rate < RateCap.minimumRate(size: size, fps: fps) {
                throw Plan.budgetTooSmall(budget: budget, size: size, seconds: s.duration, fps: fps, keepAudio: s.keepAudio)
            }
        }
        s.outputWidth = size.width
        s.outputHeight = size.height
        return s
    }
}
