import DroverCore
import RESP

/// The options of SET and GETEX, read as Redis 7.0 reads them
/// (`parseExtendedStringArgumentsOrReply`): case-insensitive words, conflicting expiry
/// options refused, a repeated option accepted (the last time wins).
///
/// A request Redis would refuse parses as nil; drover then leaves its options alone and lets
/// Redis answer the error.
struct StringOptions: Equatable {
    enum Condition: Equatable { case none, nx, xx }
    enum ExpiryKind: Equatable { case ex, px, exat, pxat }

    var condition = Condition.none
    var get = false
    var keepTTL = false
    var persist = false
    /// The expiry option and the index of its time argument.
    var expiry: (kind: ExpiryKind, index: Int)?

    static func == (a: StringOptions, b: StringOptions) -> Bool {
        a.condition == b.condition && a.get == b.get && a.keepTTL == b.keepTTL && a.persist == b.persist
            && a.expiry?.kind == b.expiry?.kind && a.expiry?.index == b.expiry?.index
    }

    /// Reads arguments `first...` of `request`; `forSet` allows NX, XX, GET and KEEPTTL,
    /// else (GETEX) PERSIST.
    static func parse(_ request: RequestView, from first: Int, forSet: Bool) -> StringOptions? {
        var options = StringOptions()
        var j = first
        while j < request.count {
            let word = request.arg(j)
            let hasNext = j + 1 < request.count
            let timed = options.expiry != nil
            if forSet && Word.is(word, "NX") && options.condition != .xx {
                options.condition = .nx
            } else if forSet && Word.is(word, "XX") && options.condition != .nx {
                options.condition = .xx
            } else if forSet && Word.is(word, "GET") {
                options.get = true
            } else if forSet && Word.is(word, "KEEPTTL") && !timed {
                options.keepTTL = true
            } else if !forSet && Word.is(word, "PERSIST") && !timed {
                options.persist = true
            } else if let kind = expiryKind(word), hasNext, !options.keepTTL, !options.persist,
                      options.expiry.map({ $0.kind == kind }) ?? true {
                options.expiry = (kind, j + 1)
                j += 1
            } else {
                return nil
            }
            j += 1
        }
        return options
    }

    private static func expiryKind(_ word: UnsafeRawBufferPointer) -> ExpiryKind? {
        if Word.is(word, "EX") { return .ex }
        if Word.is(word, "PX") { return .px }
        if Word.is(word, "EXAT") { return .exat }
        if Word.is(word, "PXAT") { return .pxat }
        return nil
    }
}

/// The condition word of EXPIRE and its family (Redis 7.0): at most one of NX, XX and at
/// most one of GT, LT, with NX alone.
enum ExpireCondition: String, Equatable {
    case none = "", nx = "NX", xx = "XX", gt = "GT", lt = "LT"

    /// Reads arguments `first...`; nil for anything Redis refuses.
    static func parse(_ request: RequestView, from first: Int) -> ExpireCondition? {
        var nx = false, xx = false, gt = false, lt = false
        for j in first..<max(first, request.count) {
            let word = request.arg(j)
            if Word.is(word, "NX") { nx = true }
            else if Word.is(word, "XX") { xx = true }
            else if Word.is(word, "GT") { gt = true }
            else if Word.is(word, "LT") { lt = true }
            else { return nil }
        }
        if nx && (xx || gt || lt) { return nil }
        if gt && lt { return nil }
        // XX with GT or LT: GT/LT already require an expiry, so the comparison decides.
        if gt { return .gt }
        if lt { return .lt }
        if xx { return .xx }
        return nx ? .nx : ExpireCondition.none
    }
}

/// Parsing of option words and numbers as Redis does it.
enum Word {
    /// Whether `bytes` is `upper` (uppercase ASCII letters) in any case.
    static func `is`(_ bytes: UnsafeRawBufferPointer, _ upper: StaticString) -> Bool {
        upper.withUTF8Buffer { ASCIICase.equals(bytes, $0) }
    }

    /// A signed 64-bit decimal as Redis's `string2ll` reads it: an optional '-', no '+', no
    /// leading zeros or spaces.
    static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard let base = bytes.baseAddress else { return nil }
        return DecimalText.parse(base, from: 0, to: bytes.count).map(Int64.init)
    }
}
