extension KeySpec {
    /// Calls `body` with the argv index of each key, in argument order (for
    /// ``scan(fixedKey:from:options:)``: the fixed key, then keys after options, then
    /// trailing keys).
    ///
    /// The arguments are checked before `body` is first called, so a `false` result never
    /// comes with a partial list of keys.
    ///
    /// - Parameters:
    ///   - argc: The number of arguments, the command name included.
    ///   - arg: The bytes of argument `i`; read only for numkeys and option words.
    ///   - body: Gets each key's index.
    /// - Returns: False when the arguments do not fit the spec (too few, a bad numkeys, an
    ///   odd number of MSET arguments, XREAD STREAMS with unpaired IDs, ...).
    @inlinable
    public func forEachKey(argc: Int, arg: (Int) -> UnsafeRawBufferPointer, _ body: (Int) -> Void) -> Bool {
        switch self {
        case .none:
            return true
        case let .range(first, last, step):
            let end = last >= 0 ? last : argc + last
            guard first >= 1, end < argc, end >= first else { return false }
            if last < 0 && step > 1 && (end - first + 1) % step != 0 { return false }
            var i = first
            while i <= end {
                body(i)
                i += step
            }
            return true
        default:
            return forEachMovableKey(argc: argc, arg: arg, body)
        }
    }

    /// The cases whose keys depend on argument contents; kept out of line so the fixed-range
    /// case above stays small enough to inline.
    @usableFromInline
    func forEachMovableKey(argc: Int, arg: (Int) -> UnsafeRawBufferPointer, _ body: (Int) -> Void) -> Bool {
        switch self {
        case .none, .range:
            return forEachKey(argc: argc, arg: arg, body)
        case let .numkeys(countAt, firstKey, step, destination):
            guard countAt < argc, destination < argc, let count = ASCIICase.parseCount(arg(countAt)) else {
                return false
            }
            if count > 0 {
                guard count <= argc, firstKey + (count - 1) * step < argc else { return false }
            }
            if destination > 0 { body(destination) }
            var i = firstKey
            for _ in 0..<count {
                body(i)
                i += step
            }
            return true
        case let .scan(fixedKey, from, options):
            guard fixedKey < argc else { return false }
            guard let trailing = Self.scanOptions(options, from: from, argc: argc, arg: arg, { _ in }) else {
                return false
            }
            if trailing.isEmpty && fixedKey > 0 { body(fixedKey) }
            _ = Self.scanOptions(options, from: from, argc: argc, arg: arg, body)
            for i in trailing { body(i) }
            return true
        }
    }

    /// Walks the arguments from `from`, calling `keyAfter` with the index of each key that
    /// follows a ``KeyOption/Effect/keyAfter`` option.
    ///
    /// - Returns: The indexes of the trailing keys of a ``KeyOption/Effect/keysToEnd(divisor:)``
    ///   option (empty if there is none), or nil if its arguments do not divide evenly.
    static func scanOptions(
        _ options: [KeyOption], from: Int, argc: Int,
        arg: (Int) -> UnsafeRawBufferPointer, _ keyAfter: (Int) -> Void
    ) -> Range<Int>? {
        var i = from
        while i < argc {
            let word = arg(i)
            if let option = options.first(where: { ASCIICase.equals(word, $0.bytes) }) {
                switch option.effect {
                case let .skip(count):
                    i += count
                case .keyAfter:
                    // A trailing STORE without its key is a syntax error the backend reports.
                    if i + 1 < argc { keyAfter(i + 1) }
                    i += 1
                case let .keysToEnd(divisor):
                    let rest = argc - i - 1
                    guard rest > 0, rest % divisor == 0 else { return nil }
                    return (i + 1)..<(i + 1 + rest / divisor)
                }
            }
            i += 1
        }
        return 0..<0
    }
}
