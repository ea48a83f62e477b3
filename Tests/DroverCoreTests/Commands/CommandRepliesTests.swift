import DroverCore
import RESP
import Testing

/// The reply `write` appends for the request `line` (arguments split on spaces), as text.
private func reply(_ line: String, _ write: (Int, (Int) -> UnsafeRawBufferPointer, ByteBuffer) -> Void) -> String {
    String(decoding: replyBytes(line, write), as: UTF8.self)
}

private func replyBytes(
    _ line: String, _ write: (Int, (Int) -> UnsafeRawBufferPointer, ByteBuffer) -> Void
) -> [UInt8] {
    let argv = TestArgv(line)
    let buffer = ByteBuffer(capacity: 64)
    write(argv.count, argv.arg, buffer)
    return buffer.readableBytes
}

@Suite struct CommandRepliesTests {
    @Test func count() {
        let buffer = ByteBuffer()
        CommandReplies.writeCount(into: buffer)
        // Redis 7.0's 240, plus drover's own DROVER.
        #expect(buffer.readableBytes == Array(":241\r\n".utf8))
    }

    @Test func infoMatchesRedisByteForByte() {
        let info = CommandReplies.writeInfo
        #expect(replyBytes("COMMAND INFO get", info) == RedisGolden.infoGet)
        #expect(replyBytes("COMMAND INFO GET", info) == RedisGolden.infoGet)
        #expect(replyBytes("COMMAND INFO eval", info) == RedisGolden.infoEval)
        #expect(replyBytes("COMMAND INFO sort", info) == RedisGolden.infoSort)
        #expect(replyBytes("COMMAND INFO georadius", info) == RedisGolden.infoGeoradius)
        #expect(replyBytes("COMMAND INFO xread", info) == RedisGolden.infoXread)
        #expect(replyBytes("COMMAND INFO object|encoding", info) == RedisGolden.infoObjectEncoding)
        #expect(replyBytes("COMMAND INFO client|setname nosuch", info) == RedisGolden.infoSetnameAndUnknown)
    }

    @Test func infoOfEverything() {
        let all = reply("COMMAND INFO", CommandReplies.writeInfo)
        #expect(all.hasPrefix("*241\r\n*10\r\n$3\r\nacl\r\n"))
        #expect(reply("COMMAND", CommandReplies.writeInfo) == all)
        // A container lists its subcommands' entries.
        let client = reply("COMMAND INFO client", CommandReplies.writeInfo)
        #expect(client.contains("$14\r\nclient|setinfo\r\n:4\r\n"))
    }

    @Test func getKeys() {
        let getKeys = CommandReplies.writeGetKeys
        #expect(reply("COMMAND GETKEYS GET k", getKeys) == "*1\r\n$1\r\nk\r\n")
        #expect(reply("COMMAND GETKEYS MSET a 1 b 2", getKeys) == "*2\r\n$1\r\na\r\n$1\r\nb\r\n")
        #expect(reply("COMMAND GETKEYS eval s 2 k1 k2 a", getKeys) == "*2\r\n$2\r\nk1\r\n$2\r\nk2\r\n")
        #expect(reply("COMMAND GETKEYS eval s 0", getKeys) == "*0\r\n")
        #expect(reply("COMMAND GETKEYS sort k limit 0 1 store d", getKeys) == "*2\r\n$1\r\nk\r\n$1\r\nd\r\n")
        #expect(reply("COMMAND GETKEYS object encoding k", getKeys) == "*1\r\n$1\r\nk\r\n")
        #expect(reply("COMMAND GETKEYS ping x", getKeys) == "-ERR The command has no key arguments\r\n")
        #expect(reply("COMMAND GETKEYS spublish ch m", getKeys) == "-ERR The command has no key arguments\r\n")
        #expect(reply("COMMAND GETKEYS nosuch a", getKeys) == "-ERR Invalid command specified\r\n")
        #expect(reply("COMMAND GETKEYS get a b", getKeys)
                == "-ERR Invalid number of arguments specified for command\r\n")
        // Redis refuses numkeys 0 here too; drover lets the backend say so when it runs it.
        #expect(reply("COMMAND GETKEYS zunionstore d 0 a", getKeys) == "*1\r\n$1\r\nd\r\n")
        #expect(reply("COMMAND GETKEYS zunionstore d 2 a", getKeys)
                == "-ERR Invalid arguments specified for command\r\n")
        #expect(reply("COMMAND GETKEYS xread streams a b 0", getKeys)
                == "-ERR Invalid arguments specified for command\r\n")
    }

    @Test func docs() {
        let docs = reply("COMMAND DOCS get nosuch", CommandReplies.writeDocs)
        #expect(docs == "*2\r\n$3\r\nget\r\n*8\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n"
                + "$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n"
                + "$12\r\ndrover_route\r\n$29\r\nto its key's shard (key at 1)\r\n")
        let object = reply("COMMAND DOCS object", CommandReplies.writeDocs)
        #expect(object.hasPrefix("*2\r\n$6\r\nobject\r\n*10\r\n"))
        #expect(object.contains("$11\r\nsubcommands\r\n*10\r\n$15\r\nobject|encoding\r\n*8\r\n"))
        #expect(reply("COMMAND DOCS", CommandReplies.writeDocs).hasPrefix("*482\r\n$3\r\nacl\r\n"))
    }

    @Test func list() {
        let list = CommandReplies.writeList
        let all = reply("COMMAND LIST", list)
        #expect(all.hasPrefix("*372\r\n$3\r\nacl\r\n$7\r\nacl|cat\r\n"))
        #expect(reply("COMMAND LIST FILTERBY ACLCAT hyperloglog", list)
                == "*5\r\n$5\r\npfadd\r\n$7\r\npfcount\r\n$7\r\npfdebug\r\n$7\r\npfmerge\r\n$10\r\npfselftest\r\n")
        #expect(reply("COMMAND LIST FILTERBY PATTERN xinfo*", list)
                == "*5\r\n$5\r\nxinfo\r\n$15\r\nxinfo|consumers\r\n$12\r\nxinfo|groups\r\n$10\r\nxinfo|help\r\n"
                + "$12\r\nxinfo|stream\r\n")
        #expect(reply("COMMAND LIST FILTERBY pattern [gs]e?", list) == "*2\r\n$3\r\nget\r\n$3\r\nset\r\n")
        #expect(reply("COMMAND LIST FILTERBY PATTERN *|SET[a-m]*", list)
                == "*2\r\n$14\r\nclient|setinfo\r\n$12\r\nxgroup|setid\r\n")
        #expect(reply("COMMAND LIST FILTERBY PATTERN *|set[^a-z]*", list)
                == "*1\r\n$24\r\ncluster|set-config-epoch\r\n")
        #expect(reply("COMMAND LIST FILTERBY PATTERN \\*", list) == "*0\r\n")
        #expect(reply("COMMAND LIST FILTERBY PATTERN ?et", list) == "*2\r\n$3\r\nget\r\n$3\r\nset\r\n")
        #expect(reply("COMMAND LIST FILTERBY MODULE x", list) == "*0\r\n")
        #expect(reply("COMMAND LIST FILTERBY ACLCAT nosuch", list) == "*0\r\n")
        #expect(reply("COMMAND LIST FILTER ACLCAT read", list) == "-ERR syntax error\r\n")
        #expect(reply("COMMAND LIST FILTERBY", list) == "-ERR syntax error\r\n")
        #expect(reply("COMMAND LIST FILTERBY COLOR red", list) == "-ERR syntax error\r\n")
    }

    @Test func help() throws {
        let object = try #require(CommandTable.lookup("OBJECT"))
        let buffer = ByteBuffer()
        CommandReplies.writeHelp(for: object, into: buffer)
        let text = String(decoding: buffer.readableBytes, as: UTF8.self)
        #expect(text.hasPrefix("*11\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                               + "+ENCODING\r\n+    Inspect the internal encoding of a Redis object. drover: "
                               + "to its key's shard.\r\n"))
    }

    @Test func unknownSubcommand() throws {
        let client = try #require(CommandTable.lookup("CLIENT"))
        let argv = TestArgv(["foo"])
        let buffer = ByteBuffer()
        CommandReplies.writeUnknownSubcommand(argv.arg(0), of: client, into: buffer)
        #expect(buffer.readableBytes == Array("-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n".utf8))
    }
}
