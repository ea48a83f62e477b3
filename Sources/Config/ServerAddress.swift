/// How drover reaches one backend Redis node: TCP or a Unix socket.
public enum ServerAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A TCP node. `host` is a name or an IP address (IPv6 without brackets).
    case tcp(host: String, port: Int)
    /// A node listening on a Unix socket.
    case unix(path: String)

    /// The address as `host:port` (`[v6]:port`) or the socket path.
    public var description: String {
        switch self {
        case let .tcp(host, port):
            HostText.join(host, port)
        case let .unix(path):
            path
        }
    }
}

/// A node address parsed from text, with the pieces twemproxy's ketama naming needs.
struct ParsedServerAddress: Equatable {
    var address: ServerAddress
    /// The name a server gets on the ring when none is given, by twemproxy's rule:
    /// `host:port` exactly as written, just `host` when the port is 11211 (libmemcached
    /// compatibility), and for a Unix socket the path followed by a colon — twemproxy
    /// builds that name from "path" + ":" + an empty port, and placement must match it.
    var ketamaName: String

    /// The port twemproxy leaves out of ketama names, for libmemcached compatibility.
    static let ketamaDefaultPort = 11211

    /// Parses `host:port` (also `[v6]:port`) or an absolute Unix socket path.
    static func parse(_ text: String) throws(ValueProblem) -> ParsedServerAddress {
        if text.hasPrefix("/") {
            guard !text.contains(where: \.isWhitespace) else {
                throw ValueProblem("Unix socket path '\(text)' contains whitespace")
            }
            return ParsedServerAddress(address: .unix(path: text), ketamaName: text + ":")
        }
        guard let colon = text.lastIndex(of: ":") else {
            throw ValueProblem("'\(text)' is not 'host:port' or an absolute Unix socket path")
        }
        let hostText = String(text[..<colon])
        let portText = String(text[text.index(after: colon)...])
        let host = try HostText.parse(hostText, in: text)
        let port = try PortText.parse(portText, in: text)
        let name = port == ketamaDefaultPort ? hostText : "\(hostText):\(portText)"
        return ParsedServerAddress(address: .tcp(host: host.host, port: port), ketamaName: name)
    }
}

/// The host part of `host:port`: brackets around IPv6 are optional, as in twemproxy
/// (which splits at the last colon).
struct HostText {
    var host: String

    static func parse(_ text: String, in whole: String) throws(ValueProblem) -> HostText {
        var host = Substring(text)
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        }
        guard !host.isEmpty else {
            throw ValueProblem("'\(whole)' has an empty host")
        }
        guard !host.contains(where: { $0.isWhitespace || $0 == "[" || $0 == "]" }) else {
            throw ValueProblem("'\(whole)' has an invalid host '\(text)'")
        }
        return HostText(host: String(host))
    }

    /// `host:port`, with brackets around an IPv6 host.
    static func join(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// The port part of `host:port`: decimal digits, 1 to 65535.
enum PortText {
    static func parse(_ text: String, in whole: String) throws(ValueProblem) -> Int {
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit),
              let port = Int(text), (1...65535).contains(port)
        else {
            throw ValueProblem("'\(whole)' has an invalid port '\(text)' (expected 1 to 65535)")
        }
        return port
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
