import RESP

/// One client's connection state and drover's answers to the commands it handles
/// itself (PING, AUTH, HELLO, SELECT, CLIENT ..., COMMAND ...). Pure: the caller owns
/// the socket and writes what this produces.
public struct ClientSession {
    public let id: Int
    public let policy: SessionPolicy
    public private(set) var authenticated: Bool
    public private(set) var name: String?
    public private(set) var libraryName: String?
    public private(set) var libraryVersion: String?
    /// 2 or 3, as chosen with HELLO. drover forwards a RESP3 client's requests over
    /// backend connections that said HELLO 3 themselves, so replies stay byte-exact.
    public private(set) var protocolVersion = 2
    /// MULTI/EXEC/WATCH state.
    public var transaction = TransactionState()
    /// Channels, patterns and shard channels subscribed to.
    public var subscriptions = PubSubState()

    public init(id: Int, policy: SessionPolicy) {
        self.id = id
        self.policy = policy
        authenticated = policy.password == nil
    }

    /// Checks whether the request may run in the session's current state.
    /// - Returns: nil, or the error to reply instead.
    /// (Mutating only so that callers check it in place rather than on a copy.)
    @inline(__always)
    public mutating func admit(_ request: RequestView) -> String? {
        if authenticated { return nil }
        let name = request.arg(0)
        let allowed: [StaticString] = ["AUTH", "HELLO", "QUIT", "PING"]
        for word in allowed where equalsIgnoringCase(name, word) { return nil }
        return "NOAUTH Authentication required."
    }

    /// Answers a locally handled command into `out`.
    public mutating func answer(_ command: LocalCommand, spec: CommandSpec, request: RequestView,
                                into out: ByteBuffer) -> SessionOutcome {
        switch command {
        case .ping:
            if request.count > 2 { out.appendError(ErrorText.wrongArity("ping")) }
            else if request.count == 2 { out.appendBulk(request.arg(1)) }
            else { out.appendSimpleString("PONG") }
        case .echo:
            out.appendBulk(request.arg(1))
        case .quit:
            out.appendSimpleString("OK")
            return .replyAndClose
        case .auth:
            auth(request, into: out)
        case .hello:
            hello(request, into: out)
        case .select:
            select(request, into: out)
        case .reset:
            name = nil
            libraryName = nil
            libraryVersion = nil
            authenticated = policy.password == nil
            protocolVersion = 2
            out.appendSimpleString("RESET")
        case .clientSetName:
            let candidate = request.string(2)
            if candidate.utf8.contains(where: { $0 <= 32 || $0 >= 127 }) {
                out.appendError("ERR Client names cannot contain spaces, newlines or special characters.")
            } else {
                name = candidate.isEmpty ? nil : candidate
                out.appendSimpleString("OK")
            }
        case .clientGetName:
            if let name { out.appendBulk(name) } else { appendNull(out) }
        case .clientID:
            out.appendInteger(id)
        case .clientSetInfo:
            setInfo(request, into: out)
        case .clientInfo, .clientList:
            out.appendBulk(clientInfoLine() + "\n")
        case .command:
            CommandReplies.writeInfo(argc: request.count, arg: request.arg, into: out)
        case .commandCount:
            CommandReplies.writeCount(into: out)
        case .commandInfo:
            CommandReplies.writeInfo(argc: request.count, arg: request.arg, into: out)
        case .commandDocs:
            CommandReplies.writeDocs(argc: request.count, arg: request.arg, into: out)
        case .commandList:
            CommandReplies.writeList(argc: request.count, arg: request.arg, into: out)
        case .commandGetKeys:
            CommandReplies.writeGetKeys(argc: request.count, arg: request.arg, into: out)
        case .help:
            CommandReplies.writeHelp(for: CommandTable.parent(of: spec) ?? spec, into: out)
        case .unknownSubcommand:
            CommandReplies.writeUnknownSubcommand(request.arg(1), of: spec, into: out)
        case .info:
            out.appendBulk("# Server\r\ndrover_version:\(policy.version)\r\nredis_mode:proxy\r\n")
        case .droverReload, .droverConfig, .droverGeneration:
            // The server answers these (they need the running daemon); a session alone cannot.
            out.appendError("ERR drover: \(spec.name.replacingPipe()) needs the running server")
        }
        return .reply
    }

    private mutating func auth(_ request: RequestView, into out: ByteBuffer) {
        guard let password = policy.password else {
            out.appendError("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?")
            return
        }
        let user = request.count == 3 ? request.string(1) : "default"
        let given = request.arg(request.count - 1)
        if user == "default" && constantTimeEquals(given, password.utf8) {
            authenticated = true
            out.appendSimpleString("OK")
        } else {
            out.appendError("WRONGPASS invalid username-password pair or user is disabled.")
        }
    }

    private mutating func hello(_ request: RequestView, into out: ByteBuffer) {
        var index = 1
        var version = protocolVersion
        if request.count > 1 {
            guard let asked = Int(request.string(1)), asked > 0 else {
                out.appendError("ERR Protocol version is not an integer or out of range")
                return
            }
            guard asked == 2 || asked == 3 else {
                out.appendError("NOPROTO sorry, this protocol version is not supported")
                return
            }
            version = asked
            index = 2
        }
        var newName = name
        while index < request.count {
            let option = request.string(index).uppercased()
            if option == "AUTH" && index + 2 < request.count {
                let user = request.string(index + 1)
                if let password = policy.password {
                    guard user == "default", constantTimeEquals(request.arg(index + 2), password.utf8) else {
                        out.appendError("WRONGPASS invalid username-password pair or user is disabled.")
                        return
                    }
                    authenticated = true
                }
                index += 3
            } else if option == "SETNAME" && index + 1 < request.count {
                newName = request.string(index + 1)
                index += 2
            } else {
                out.appendError("ERR Syntax error in HELLO option '\(request.string(index))'")
                return
            }
        }
        guard authenticated else {
            out.appendError("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time")
            return
        }
        name = newName
        protocolVersion = version
        let fields: [(String, HelloValue)] = [
            ("server", .text("redis")), ("version", .text("7.0.0")), ("proto", .number(version)),
            ("id", .number(id)), ("mode", .text("standalone")), ("role", .text("master")),
            ("modules", .emptyArray), ("proxy", .text("drover \(policy.version)")),
        ]
        // RESP3 answers HELLO with a map, RESP2 with a flat array of pairs.
        if version == 3 {
            out.append(byte: UInt8(ascii: "%"))
            out.append(decimal: fields.count)
            out.appendCRLF()
        } else {
            out.appendArrayHeader(fields.count * 2)
        }
        for (key, value) in fields {
            out.appendBulk(key)
            switch value {
            case .text(let text): out.appendBulk(text)
            case .number(let number): out.appendInteger(number)
            case .emptyArray: out.appendArrayHeader(0)
            }
        }
    }

    /// A null in the client's protocol: `$-1` in RESP2, `_` in RESP3.
    private func appendNull(_ out: ByteBuffer) {
        if protocolVersion == 3 { out.append("_\r\n") } else { out.appendNull() }
    }

    private enum HelloValue { case text(String), number(Int), emptyArray }

    private func select(_ request: RequestView, into out: ByteBuffer) {
        guard let db = Int(request.string(1)) else {
            out.appendError("ERR value is not an integer or out of range")
            return
        }
        if db == 0 || db == policy.database {
            out.appendSimpleString("OK")
        } else {
            out.appendError("ERR drover: SELECT \(db) is not possible through this pool: it serves database \(policy.database) only")
        }
    }

    private mutating func setInfo(_ request: RequestView, into out: ByteBuffer) {
        let attribute = request.string(2).uppercased()
        let value = request.string(3)
        if value.utf8.contains(where: { $0 < 33 || $0 > 126 }) {
            out.appendError("ERR \(attribute) cannot contain spaces, newlines or special characters.")
            return
        }
        switch attribute {
        case "LIB-NAME": libraryName = value
        case "LIB-VER": libraryVersion = value
        default:
            out.appendError("ERR Unrecognized option '\(request.string(2))'")
            return
        }
        out.appendSimpleString("OK")
    }

    private func clientInfoLine() -> String {
        "id=\(id) name=\(name ?? "") db=\(policy.database) lib-name=\(libraryName ?? "") lib-ver=\(libraryVersion ?? "") proxy=drover"
    }
}

/// ASCII case-insensitive comparison of raw bytes with an uppercase literal.
@inline(__always)
func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ upper: StaticString) -> Bool {
    guard bytes.count == upper.utf8CodeUnitCount else { return false }
    let literal = upper.utf8Start
    for i in 0..<bytes.count where bytes[i] & 0xDF != literal[i] { return false }
    return true
}
