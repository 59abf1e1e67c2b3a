import ArgumentParser
import Foundation
import VAPrep
import VAPrepCheck
import VAPrepMedia

/// `vaprep sample FILE [--count N] [--sheet OUT.png] [--frames-dir DIR]`: look at what the pre-check sees.
struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Sample frames, find faces and draw a contact sheet with boxes and per-frame numbers.",
        discussion: """
            Frames are decoded upright at short side \(AnalysisFrame.standardShortSide), as the pre-check analyses them (it judges their luma; \
            the sheet and the frames are written in colour). The sheet shows the main face in green (other faces \
            yellow), the detector's keypoints (eyes, nose, mouth, ears) as magenta dots, and under each frame: time, face luma (L), \
            sharpness (S) and non-rigid motion towards the next frame (M). PNG via FFmpeg's encoder.
            """
    )

    @Argument(help: "The video file to sample.")
    var file: String

    @Option(help: "Number of frames, evenly spread over the clip.")
    var count = 12

    @Option(help: "Write the contact sheet PNG here.")
    var sheet: String?

    @Option(help: "Write every sampled frame as PNG into this directory.")
    var framesDir: String?

    @OptionGroup var detector: DetectorOptions

    func validate() throws {
        guard (1...200).contains(count) else { throw ValidationError("--count must be 1…200") }
        guard sheet != nil || framesDir != nil else { throw ValidationError("give --sheet OUT.png and/or --frames-dir DIR") }
    }

    func run() async throws {
        let check = try PreCheck(detector: detector.choice)
        let source = try await MediaSource.open(path: file)
        let times = FrameSampler.evenlySpacedTimes(count: count, duration: source.info.durationSeconds)
        let frames = try await source.sampleFrames(at: times, rgb: true)
        let info = source.info
        let report = try await BlockingWork.run { PreCheckPipeline.evaluate(frames: frames, info: info, check: check) }

        if let framesDir {
            try FileManager.default.createDirectory(atPath: framesDir, withIntermediateDirectories: true)
            for (i, frame) in frames.enumerated() {
                let png = try frame.rgb.map { try PNGWriter.encode(rgb: $0, width: frame.width, height: frame.height) }
                    ?? PNGWriter.encode(gray: frame.luma, width: frame.width, height: frame.height)
                try write(png, to: framesDir + "/" + String(format: "frame-%02d-%.2fs.png", i, frame.time))
            }
        }
        if let sheet {
            let tiles = zip(frames, report.frames).map { frame, analysed in
                ContactSheet.Tile(luma: frame.luma, rgb: frame.rgb, width: frame.width, height: frame.height,
                                  boxes: analysed.faces.map { ($0.x, $0.y, $0.width, $0.height) },
                                  caption: Self.caption(analysed),
                                  points: analysed.faces.flatMap { $0.landmarks?.points.map { ($0.x, $0.y) } ?? [] })
            }
            let canvas = ContactSheet.render(tiles)
            try write(try PNGWriter.encode(rgb: canvas.pixels, width: canvas.width, height: canvas.height), to: sheet)
        }
        print("\(file): \(frames.count) frames, \(report.frames.filter { !$0.faces.isEmpty }.count) with a face"
              + (sheet.map { "; sheet \($0)" } ?? "") + (framesDir.map { "; frames in \($0)" } ?? ""))
    }

    static func caption(_ f: PreCheckReport.Frame) -> [String] {
        var first = String(format: "T %.2fS", f.time)
        if let face = f.faces.first { first += " FACE \(face.width)" } else { first += " NO FACE" }
        var second = ""
        if let luma = f.faceLuma { second += String(format: "L %.0f ", luma) }
        if let s = f.sharpness { second += String(format: "S %.3f ", s) }
        if let m = f.motion { second += String(format: "M %.2f", m) }
        return [first, second]
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CLIUsageError(message: "cannot write \(path): check the directory exists and is writable")
        }
    }
}
