/// Conveniences for building RESP messages off the hot path.
public enum RESP {
    /// The multibulk request `*<n>\r\n` then `$<len>\r\n<arg>\r\n` per argument, as any
    /// Redis client sends it; for tests and the control plane.
    ///
    /// - Parameter args: The command name and its arguments, UTF-8 encoded.
    /// - Returns: The encoded request.
    public static func command(_ args: [String]) -> [UInt8] {
        var out: [UInt8] = []
        out.append(UInt8(ascii: "*"))
        out.append(contentsOf: String(args.count).utf8)
        out.append(contentsOf: [13, 10])
        for arg in args {
            out.append(UInt8(ascii: "$"))
            out.append(contentsOf: String(arg.utf8.count).utf8)
            out.append(contentsOf: [13, 10])
            out.append(contentsOf: arg.utf8)
            out.append(contentsOf: [13, 10])
        }
        return out
    }
}
