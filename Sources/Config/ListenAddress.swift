/// Where drover accepts connections: a TCP address or a Unix socket.
///
/// Written in the file as twemproxy writes it: `host:port`, or an absolute socket path
/// optionally followed by an octal permission mode (`/run/drover.sock 0660`).
public enum ListenAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A TCP listener. `host` is a name or an IP address (IPv6 without brackets).
    case tcp(host: String, port: Int)
    /// A Unix socket listener; `mode` is the socket file's permission bits, if given.
    case unix(path: String, mode: UInt32?)

    /// The address as it would be written in the config file.
    public var description: String {
        switch self {
        case let .tcp(host, port):
            HostText.join(host, port)
        case let .unix(path, nil):
            path
        case let .unix(path, mode?):
            "\(path) \(Self.octal(mode))"
        }
    }

    /// Parses `host:port`, `[v6]:port`, `/path` or `/path MODE`.
    static func parse(_ text: String) throws(ValueProblem) -> ListenAddress {
        if text.hasPrefix("/") {
            return try parseUnix(text)
        }
        guard let colon = text.lastIndex(of: ":") else {
            throw ValueProblem("'\(text)' is not 'host:port' or an absolute Unix socket path")
        }
        let host = try HostText.parse(String(text[..<colon]), in: text)
        let port = try PortText.parse(String(text[text.index(after: colon)...]), in: text)
        return .tcp(host: host.host, port: port)
    }

    private static func parseUnix(_ text: String) throws(ValueProblem) -> ListenAddress {
        // twemproxy splits "path mode" at the last space.
        guard let space = text.lastIndex(of: " ") else {
            return .unix(path: text, mode: nil)
        }
        let path = text[..<space].trimmingTrailingSpaces()
        let modeText = String(text[text.index(after: space)...])
        guard !modeText.isEmpty, modeText.allSatisfy({ ("0"..."7").contains($0) }),
              let mode = UInt32(modeText, radix: 8), mode <= 0o777
        else {
            throw ValueProblem("'\(modeText)' in '\(text)' is not an octal permission mode (0000 to 0777, e.g. 0660)")
        }
        return .unix(path: path, mode: mode)
    }

    /// A mode as four octal digits, the way `chmod` users write it.
    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

extension ListenAddress {
    /// Parses an address given on the command line (`--stats-listen`), with the same
    /// rules as the config file.
    public init(parsing text: String) throws(ConfigError) {
        do {
            self = try ListenAddress.parse(text)
        } catch {
            throw ConfigError(file: "<command line>", message: error.message)
        }
    }
}
