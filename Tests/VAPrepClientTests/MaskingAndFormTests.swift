import Testing
@testable import VAPrepClient

@Suite("Masking and form encoding")
struct MaskingAndFormTests {
    @Test("masks keep only what identifies nobody")
    func masks() {
        #expect(Masked.idNumber("11010519491231123X") == "1101**********123X")
        #expect(Masked.idNumber("short") == "*****")
        #expect(Masked.name("张三") == "张*")
        #expect(Masked.name("买买提·艾力") == "买*****")
        #expect(Masked.name("张") == "*")
        #expect(Masked.apiKey("sk-test-9f8e7d6c5b4a3928") == "****3928")
        #expect(Masked.apiKey("tiny") == "****")
    }

    @Test("the scrubber replaces echoed secrets in outside text")
    func scrubber() {
        let scrubber = SecretScrubber(apiKey: "sk-test-9f8e7d6c5b4a3928", idNumber: "11010519491231002x", name: "张三")
        let text = scrubber.scrub("key sk-test-9f8e7d6c5b4a3928 id 11010519491231002X name 张三")
        #expect(text == "key ****3928 id 1101**********002X name 张*")
    }

    @Test("WHATWG form serializer: UTF-8 percent-encoding, space as +, *-._ kept")
    func serializer() {
        #expect(String(decoding: FormURLEncoding.encode("张三"), as: UTF8.self) == "%E5%BC%A0%E4%B8%89")
        #expect(String(decoding: FormURLEncoding.encode("John Smith"), as: UTF8.self) == "John+Smith")
        #expect(String(decoding: FormURLEncoding.encode("a*b-c.d_e~f+g/h=i:"), as: UTF8.self) == "a*b-c.d_e%7Ef%2Bg%2Fh%3Di%3A")
        #expect(String(decoding: FormURLEncoding.encode([("k", "v 1"), ("rate_type", "1")]), as: UTF8.self) == "k=v+1&rate_type=1")
    }

    @Test("the parser inverts the serializer")
    func roundTrip() {
        let pairs = [("realname", "买买提·艾力"), ("key", "a+b/c=d"), ("empty", ""), ("space", "J S")]
        let decoded = FormURLEncoding.decode(FormURLEncoding.encode(pairs))
        for (name, value) in pairs { #expect(decoded[name].map { String(decoding: $0, as: UTF8.self) } == value) }
        #expect(FormURLEncoding.percentDecode(Array("%zz%4".utf8)) == Array("%zz%4".utf8))
    }

    @Test("rate types carry the vendor's table")
    func rateTypes() {
        #expect(RateType.default == .level1)
        #expect(RateType.level1.threshold == 0.393241)
        #expect(RateType.level2.threshold == 0.022403)
        #expect(RateType.level7.threshold == 0.994058)
        #expect(RateType.level4.trueRejectionRate == 0.98990228)
        #expect(RateType.level3.falseRejectionRate == 0.01)
        #expect(abs(RateType.level5.trueAcceptanceRate - 0.97) < 1e-12)
        // Level 2 is the most lenient; the others grow stricter with their number.
        #expect(RateType.allCases.min { $0.threshold < $1.threshold } == .level2)
        let strictFrom1 = [RateType.level1, .level3, .level4, .level5, .level6, .level7].map(\.threshold)
        #expect(strictFrom1 == strictFrom1.sorted())
    }

    @Test("retry delays grow exponentially, are capped and jittered within the cap")
    func retryDelays() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .milliseconds(350))
        #expect(policy.delayCap(afterAttempt: 1) == .milliseconds(100))
        #expect(policy.delayCap(afterAttempt: 2) == .milliseconds(200))
        #expect(policy.delayCap(afterAttempt: 3) == .milliseconds(350))
        var generator = SystemRandomNumberGenerator()
        var seen = Set<Duration>()
        for _ in 0..<50 {
            let delay = policy.delay(afterAttempt: 3, using: &generator)
            #expect(delay >= .zero && delay <= .milliseconds(350))
            seen.insert(delay)
        }
        #expect(seen.count > 1)
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }
}
