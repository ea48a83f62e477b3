/// Commands with arguments that are not UTF-8 text (binary values, 100 KB values).
extension RESPConnection {
    /// Sends one command whose arguments are raw bytes and reads its reply.
    func command(bytes arguments: [[UInt8]]) throws -> RESPReply {
        try send(RESPReply.encodeCommand(bytes: arguments))
        return try readReply()
    }

    /// Sends commands of raw bytes in one write and reads one reply for each, in order.
    func pipeline(bytes commands: [[[UInt8]]]) throws -> [RESPReply] {
        try send(commands.flatMap { RESPReply.encodeCommand(bytes: $0) })
        return try commands.map { _ in try readReply() }
    }
}

extension RESPReply {
    /// The RESP encoding of a command whose arguments are raw bytes.
    static func encodeCommand(bytes arguments: [[UInt8]]) -> [UInt8] {
        var out = Array("*\(arguments.count)\r\n".utf8)
        for argument in arguments {
            out += Array("$\(argument.count)\r\n".utf8) + argument + [13, 10]
        }
        return out
    }
}
