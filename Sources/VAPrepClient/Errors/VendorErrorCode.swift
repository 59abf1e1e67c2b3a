/// Every `error_code` the vendor documents, with its meaning and what vaprep does about it.
///
/// Layout of the codes (vendor): first digit 1 = system level, 2 = service level; then the
/// three-digit service module; then the specific error (`2 546 134`).
public enum VendorErrorCode: Int, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case chargedPictureInvalid = 2_546_134
    case tokenExpired = 2_546_135
    case wrongKey = 10001
    case keyNotPermitted = 10002
    case keyExpired = 10003
    case wrongOpenID = 10004
    case applicationNotReviewed = 10005
    case unknownRequestSource = 10007
    case ipBanned = 10008
    case keyBanned = 10009
    case ipRequestLimit = 10011
    case requestCountLimit = 10012
    case testKeyLimit = 10013
    case internalError = 10014
    case maintenance = 10020
    case discontinued = 10021

    /// The vendor's meaning, in English (the vendor's `reason` text is Chinese).
    public var meaning: String {
        switch self {
        case .chargedPictureInvalid: "liveness succeeded and identity verified, but the picture is not valid (this call is charged)"
        case .tokenExpired: "token expired"
        case .wrongKey: "wrong request key"
        case .keyNotPermitted: "this key has no permission for the videoAuth API"
        case .keyExpired: "key expired"
        case .wrongOpenID: "wrong OpenID"
        case .applicationNotReviewed: "application not reviewed in time; submit it for certification"
        case .unknownRequestSource: "unknown request source"
        case .ipBanned: "this IP is banned"
        case .keyBanned: "this key is banned"
        case .ipRequestLimit: "this IP is over its request limit"
        case .requestCountLimit: "over the request count limit"
        case .testKeyLimit: "test key over its request limit"
        case .internalError: "internal system error (for charged calls: check the order before retrying)"
        case .maintenance: "API under maintenance"
        case .discontinued: "API discontinued"
        }
    }

    public var classification: VideoAuthError.Classification {
        switch self {
        case .wrongKey, .keyNotPermitted, .keyExpired, .wrongOpenID, .applicationNotReviewed,
             .unknownRequestSource, .ipBanned, .keyBanned, .discontinued:
            .configuration
        case .ipRequestLimit, .requestCountLimit, .testKeyLimit: .rateLimited
        case .maintenance: .maintenance
        case .internalError: .mayHaveCharged
        case .chargedPictureInvalid: .charged
        case .tokenExpired: .tokenExpired
        }
    }

    /// What the person at the terminal should do next.
    public var advice: String {
        switch self {
        case .wrongKey, .keyExpired, .keyBanned:
            "Check the API key in the vendor console (Personal Center → My Data) and set the right one."
        case .keyNotPermitted: "Enable the videoAuth API for this key in the vendor console."
        case .wrongOpenID: "Check the OpenID configured for this account."
        case .applicationNotReviewed: "Submit the application for certification in the vendor console."
        case .unknownRequestSource, .ipBanned: "Call from an allowed IP / source, or update the allow-list in the vendor console."
        case .discontinued: "The API is discontinued; contact the vendor."
        case .ipRequestLimit, .requestCountLimit, .testKeyLimit:
            "Rate limited: the call was refused. Wait, reduce the request rate, or raise the quota."
        case .maintenance: "The API is under maintenance: the call was refused. Try again later."
        case .internalError:
            "The call may have been charged: check the order (orderid/serial shown) with the vendor before calling again."
        case .chargedPictureInvalid:
            "The call was charged although the picture was not valid; record a better clip before paying again."
        case .tokenExpired: "The token expired; start a new verification."
        }
    }

    public var description: String { "\(rawValue) (\(meaning))" }
}
