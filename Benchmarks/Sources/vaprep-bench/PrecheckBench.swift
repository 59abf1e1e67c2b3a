import ArgumentParser
import Foundation
import VAPrep
import VAPrepCheck
import VAPrepMedia

/// `vaprep-bench precheck`: our face detector against OpenCV's on the same pictures with the same
/// parameters, in the same run; our CNN against mediapipe and the cascade (``CNNDetectorBench``);
/// and the whole pre-check of a 5 s clip against its preparation.
///
/// OpenCV runs in a Python child (`opencv-python-headless<5`, `cv2.setNumThreads(1)`, OpenCL off)
/// that times `detectMultiScale` itself, so interpreter start-up is not counted. Rounds alternate
/// ours and OpenCV so both meet the same machine load. Both must return the same boxes.
struct PrecheckBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "precheck",
        abstract: "Face detection per frame, ours vs OpenCV (one thread); pre-check time vs preparation time."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Python with opencv-python-headless<5 installed (python3 -m venv V && V/bin/pip install 'opencv-python-headless<5').")
    var python = "/tmp/cvenv/bin/python"

    @Option(help: "Greyscale PGM frames to detect in (default: the 640x360 test frame).")
    var images: [String] = []

    @Option(help: "Clip for the whole-pre-check vs preparation comparison.")
    var clip: String?

    @Option(help: "Rounds (ours then OpenCV); repetitions are split across them.")
    var rounds = 4

    @Option(help: "Python with mediapipe==0.10.14 installed (the CNN oracle; see scripts/mediapipe-reference.requirements.txt).")
    var mediapipePython = "/tmp/mpenv/bin/python"

    @Option(help: "Greyscale PGM frames for the CNN rows (default: the 640x360 test frame, a 9:16 analysis frame, a small face).")
    var cnnImages: [String] = []

    @Flag(help: "Only the whole pre-check against the preparation (no detector rows, so no OpenCV or mediapipe needed).")
    var preparationOnly = false

    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let cascades = [
        ("lbp-improved", CascadeClassifier.defaultPath),
        ("haar-alt2", CascadeClassifier.haarAlt2Path),
    ]

    func run() async throws {
        let root = Self.repositoryRoot.path
        if preparationOnly {
            var report = BenchReport(title: "precheck: whole pre-check vs preparation")
            try await compareWithPreparation(clip: clip ?? root + "/testdata/live.mp4", into: &report)
            report.print(json: options.json)
            return
        }
        let frames = images.isEmpty ? [root + "/testdata/check/astronaut-face-640x360.pgm"] : images
        let version = try opencvVersion()
        var report = BenchReport(title: "precheck: face detection per frame, scaleFactor 1.1, minNeighbors 3, min face = 1/4 short side, "
            + "one thread; ours vs OpenCV \(version) (\(options.repetitions) reps in \(rounds) alternating rounds)")
        for path in frames {
            let image = try GrayImage(pgmAt: path)
            let minSize = min(image.width, image.height) / 4
            for (name, cascadePath) in Self.cascades {
                let caseName = "\(URL(fileURLWithPath: path).lastPathComponent) \(image.width)x\(image.height) \(name)"
                let detector = try FaceDetector(cascadePath: cascadePath)
                let opts = FaceDetector.Options(minSize: minSize)
                var ours: [Double] = [], theirs: [Double] = []
                var oursBoxes: [FaceBox] = [], theirBoxes: [FaceBox] = []
                let perRound = max(1, options.repetitions / rounds)
                for round in 0..<rounds {
                    let stats = measure(repetitions: perRound, warmup: round == 0 ? options.warmup : 0) {
                        oursBoxes = detector.detect(in: image, options: opts)
                    }
                    ours += stats.samples
                    let (samples, boxes) = try opencv(image: path, cascade: cascadePath, minSize: minSize,
                                                      repetitions: perRound, warmup: options.warmup)
                    theirs += samples
                    theirBoxes = boxes
                }
                guard oursBoxes.sorted() == theirBoxes.sorted() else {
                    throw ValidationError("\(caseName): boxes differ: ours \(oursBoxes.sorted()) OpenCV \(theirBoxes.sorted())")
                }
                let o = Stats(samples: ours), t = Stats(samples: theirs)
                report.addTime(case: caseName, impl: "vaprep", stats: o)
                report.addTime(case: caseName, impl: "opencv", stats: t)
                report.addRatio(case: caseName, metric: "median vaprep/opencv", value: o.median / t.median)
                report.addRatio(case: caseName, metric: "best vaprep/opencv", value: o.best / t.best)
            }
        }
        let cnnFrames = cnnImages.isEmpty
            ? ["astronaut-face-640x360.pgm", "live-t2-360x640.pgm", "grace-hopper-small-360x640.pgm"].map { root + "/testdata/check/" + $0 }
            : cnnImages
        try CNNDetectorBench(python: mediapipePython, repetitions: options.repetitions, warmup: options.warmup, rounds: rounds)
            .run(frames: cnnFrames, into: &report)
        try await compareWithPreparation(clip: clip ?? root + "/testdata/live.mp4", into: &report)
        report.print(json: options.json)
    }

    /// Whole pre-check (probe, sparse decode of 12 frames, detection, metrics) vs `Preparer` on the same clip.
    private func compareWithPreparation(clip: String, into report: inout BenchReport) async throws {
        var check: [Double] = [], prepare: [Double] = []
        let reps = max(1, min(options.repetitions, 5))
        for i in 0..<(reps + 1) {
            var start = monotonicSeconds()
            _ = try await PreCheckPipeline.run(path: clip)
            let c = monotonicSeconds() - start
            start = monotonicSeconds()
            _ = try await Preparer.prepare(path: clip)
            let p = monotonicSeconds() - start
            if i > 0 { check.append(c); prepare.append(p) }  // the first round warms caches
        }
        let name = URL(fileURLWithPath: clip).lastPathComponent
        let c = Stats(samples: check), p = Stats(samples: prepare)
        report.addTime(case: name, impl: "pre-check", stats: c)
        report.addTime(case: name, impl: "prepare", stats: p)
        report.addRatio(case: name, metric: "pre-check/prepare (median)", value: c.median / p.median)
    }

    private func opencvVersion() throws -> String {
        try python(["-c", "import cv2; print(cv2.__version__)"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Times OpenCV in a child Python; returns per-call seconds and the last call's boxes.
    private func opencv(image: String, cascade: String, minSize: Int, repetitions: Int, warmup: Int) throws -> ([Double], [FaceBox]) {
        let script = """
            import sys, time, json, cv2
            cv2.setNumThreads(1); cv2.ocl.setUseOpenCL(False)
            img = cv2.imread(sys.argv[1], cv2.IMREAD_UNCHANGED); cc = cv2.CascadeClassifier(sys.argv[2])
            m = int(sys.argv[3]); n = int(sys.argv[4]); w = int(sys.argv[5])
            run = lambda: cc.detectMultiScale(img, 1.1, 3, 0, (m, m))
            for _ in range(w): run()
            times = []
            for _ in range(n):
                t = time.perf_counter(); r = run(); times.append(time.perf_counter() - t)
            print(json.dumps({"times": times, "boxes": [list(map(int, b)) for b in r]}))
            """
        let out = try python(["-c", script, image, cascade, String(minSize), String(repetitions), String(warmup)])
        guard let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any],
              let times = object["times"] as? [Double], let boxes = object["boxes"] as? [[Int]] else {
            throw ValidationError("unexpected output from OpenCV: \(out)")
        }
        return (times, boxes.map { FaceBox(x: $0[0], y: $0[1], width: $0[2], height: $0[3]) })
    }

    private func python(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            throw ValidationError("cannot run \(python): \(error). Install OpenCV: python3 -m venv /tmp/cvenv && /tmp/cvenv/bin/pip install 'opencv-python-headless<5'")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("\(python) failed (exit \(process.terminationStatus))") }
        return String(decoding: data, as: UTF8.self)
    }
}
