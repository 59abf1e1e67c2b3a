import Foundation
import Testing
@testable import VAPrep

@Suite("Profiles")
struct ProfileTests {
    @Test("built-in profiles carry the vendors' published limits")
    func builtInLimits() throws {
        #expect(Profile.default == .juheVideoAuth)
        #expect(Profile.juheVideoAuth.maxValueBytes == 10_000_000)
        #expect(Profile.juheVideoAuth.preferredDuration == 5)
        #expect(Profile.juheLiveness.maxValueBytes == 8_000_000)
        #expect(Set(Profile.juheLiveness.containers) == ["mp4", "avi", "flv"])
        #expect(Profile.huawei.maxValueBytes == 8_000_000)
        #expect(Profile.huawei.durationRange == ValueRange(min: 1, max: 15))
        #expect(Profile.huawei.fpsRange == ValueRange(min: 10, max: 30))
        #expect(Profile.baidu.durationRange == ValueRange(min: 5, max: 15))
        #expect(Profile.baidu.containers == ["mp4"] && Profile.baidu.videoCodecs == ["h264"])
        #expect(Profile.baidu.maxMP4Bytes == nil)
        #expect(Profile.aliyun.maxFileBytes == 5_000_000)
        #expect(Profile.aliyun.maxMP4Bytes == 5_000_000)
        for profile in Profile.builtIn {
            #expect(profile.maxSide == 1280)
            #expect(throws: Never.self) { try profile.validate() }
            #expect(try Profile.named(profile.name) == profile)
        }
    }

    @Test("an unknown name lists the known ones")
    func unknownName() {
        #expect(throws: ProfileError.unknownName("tencent", known: Profile.builtIn.map(\.name))) {
            try Profile.named("tencent")
        }
    }

    @Test("the MP4 budget of a value limit is the largest file whose value fits")
    func mp4Budget() {
        #expect(Profile.juheVideoAuth.maxMP4Bytes == 7_499_994)
        #expect(Profile(name: "both", maxValueBytes: 1_000_000, maxFileBytes: 500_000).maxMP4Bytes == 500_000)
        #expect(Profile(name: "none").maxMP4Bytes == nil)
    }

    @Test("a custom profile file needs only the keys it changes")
    func customProfileFile() throws {
        let path = try writeTemp("""
            {"name": "my-api", "maxValueBytes": 4000000, "durationRange": {"min": 2, "max": 10},
             "fpsRange": {"max": 25}, "containers": ["mp4", "mov"]}
            """)
        defer { unlink(path) }
        let profile = try Profile.load(contentsOf: path)
        #expect(profile.name == "my-api")
        #expect(profile.maxValueBytes == 4_000_000)
        #expect(profile.durationRange == ValueRange(min: 2, max: 10))
        #expect(profile.fpsRange == ValueRange(min: nil, max: 25))
        #expect(profile.maxSide == 1280 && profile.videoCodecs == ["h264"] && profile.crf == 23)
        #expect(profile.containers == ["mp4", "mov"])
        // Round trip: what a profile encodes, it loads back.
        let again = try JSONDecoder().decode(Profile.self, from: JSONEncoder().encode(Profile.huawei))
        #expect(again == .huawei)
    }

    @Test("a bad profile file is a typed error naming the problem")
    func badProfileFile() throws {
        let notJSON = try writeTemp("{ name: oops")
        defer { unlink(notJSON) }
        #expect { try Profile.load(contentsOf: notJSON) } throws: { error in
            guard case .invalidJSON(let path, _) = error as? ProfileError else { return false }
            return path == notJSON
        }
        let wrongType = try writeTemp(#"{"name": "x", "maxValueBytes": "ten megabytes"}"#)
        defer { unlink(wrongType) }
        #expect { try Profile.load(contentsOf: wrongType) } throws: { error in
            guard case .invalidJSON(_, let reason) = error as? ProfileError else { return false }
            return reason.contains("maxValueBytes")
        }
        let missingName = try writeTemp(#"{"maxValueBytes": 100}"#)
        defer { unlink(missingName) }
        #expect { try Profile.load(contentsOf: missingName) } throws: { error in
            guard case .invalidJSON(_, let reason) = error as? ProfileError else { return false }
            return reason.contains("name")
        }
        let badRange = try writeTemp(#"{"name": "x", "durationRange": {"min": 9, "max": 3}}"#)
        defer { unlink(badRange) }
        #expect { try Profile.load(contentsOf: badRange) } throws: { error in
            guard case .invalidValue(let field, _) = error as? ProfileError else { return false }
            return field == "durationRange"
        }
        #expect { try Profile.load(contentsOf: "/nonexistent/profile.json") } throws: { error in
            guard case .unreadable = error as? ProfileError else { return false }
            return true
        }
    }

    @Test("overrides replace the limit in the profile's own unit, and are validated")
    func overrides() throws {
        let juhe = try Profile.juheVideoAuth.applying(ProfileOverrides(maxBytes: 2_000_000, duration: 3, maxFps: 15, maxSide: 640))
        #expect(juhe.maxValueBytes == 2_000_000 && juhe.maxFileBytes == nil)
        #expect(juhe.preferredDuration == 3)
        #expect(juhe.fpsRange?.max == 15)
        #expect(juhe.maxSide == 640)
        let ali = try Profile.aliyun.applying(ProfileOverrides(maxBytes: 1_000_000))
        #expect(ali.maxFileBytes == 1_000_000 && ali.maxValueBytes == nil)
        // Huawei's 10 fps minimum cannot stand above a 5 fps cap.
        let slow = try Profile.huawei.applying(ProfileOverrides(maxFps: 5))
        #expect(slow.fpsRange == ValueRange(min: nil, max: 5))
        #expect(throws: ProfileError.self) { try Profile.default.applying(ProfileOverrides(maxSide: 100)) }
        #expect(throws: ProfileError.self) { try Profile.default.applying(ProfileOverrides(maxBytes: -1)) }
        #expect(throws: ProfileError.self) { try Profile.default.applying(ProfileOverrides(duration: 0)) }
    }

    private func writeTemp(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "/vaprep-profile-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
