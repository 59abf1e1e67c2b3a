/// The person and key every test sends: the GB 11643-1999 standard's own example ID number
/// (valid check character) and a made-up key, so no real person's data is ever in a test.
public enum TestIdentity {
    /// An API key of the shape the vendor issues.
    public static let apiKey = "sk-test-9f8e7d6c5b4a3928"
    /// A name in Chinese characters, as the vendor expects.
    public static let name = "张三丰"
    /// The standard's example number, with an `X` check character.
    public static let idNumber = "11010519491231002X"
}
