import Foundation
import VAPrep

/// A one-line progress bar on stderr, redrawn in place; only drawn when stderr is a TTY.
enum ProgressBar {
    static func draw(_ steps: AsyncStream<PrepareProgress>) async {
        var last = ""
        for await step in steps {
            let width = 30
            let filled = Int((step.fraction.clamped * Double(width)).rounded(.down))
            let label = step.attempt > 1 ? "\(step.stage.rawValue) (attempt \(step.attempt))" : step.stage.rawValue
            let line = "\r\(label.padding(toLength: 22, withPad: " ", startingAt: 0)) ["
                + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                + "] " + String(format: "%3d%%", Int(step.fraction.clamped * 100))
            if line != last {
                FileHandle.standardError.write(Data(line.utf8))
                last = line
            }
        }
        // Clear the bar so the result starts on a clean line.
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 60) + "\r").utf8))
    }
}

private extension Double {
    var clamped: Double { Swift.min(1, Swift.max(0, self)) }
}
