import DroverCore
import Testing

@Suite struct CommandLookupTests {
    private func lookup(_ name: String) -> CommandSpec? {
        let argv = TestArgv([name])
        return CommandTable.lookup(argv.arg(0))
    }

    @Test func findsCommandsIgnoringCase() {
        for name in ["GET", "get", "Get", "gEt"] {
            #expect(lookup(name)?.name == "GET")
        }
        #expect(lookup("georadius_ro")?.name == "GEORADIUS_RO")
        #expect(lookup("Restore-Asking")?.name == "RESTORE-ASKING")
        #expect(lookup("zrangestore")?.name == "ZRANGESTORE")
    }

    @Test func rejectsUnknownNames() {
        for name in ["", "GE", "GETT", "GET ", "G\u{0}T", "nosuchcommand", "CLIENT|SETNAME", "SETNAME",
                     "georadius-ro", "GEORADIUS\u{7F}RO", String(repeating: "A", count: 100)] {
            #expect(lookup(name) == nil, "\(name) should be unknown")
        }
    }

    @Test func findsSubcommandsOnlyUnderTheirContainer() throws {
        let client = try #require(lookup("client"))
        let object = try #require(lookup("OBJECT"))
        #expect(client.hasSubcommands)
        let argv = TestArgv(["setname", "SetInfo", "encoding", "get"])
        #expect(CommandTable.lookup(subcommand: argv.arg(0), of: client)?.name == "CLIENT|SETNAME")
        #expect(CommandTable.lookup(subcommand: argv.arg(1), of: client)?.name == "CLIENT|SETINFO")
        #expect(CommandTable.lookup(subcommand: argv.arg(2), of: client) == nil)
        #expect(CommandTable.lookup(subcommand: argv.arg(2), of: object)?.name == "OBJECT|ENCODING")
        #expect(CommandTable.lookup(subcommand: argv.arg(3), of: object) == nil)
        let get = try #require(lookup("GET"))
        #expect(CommandTable.lookup(subcommand: argv.arg(0), of: get) == nil)
    }

    @Test func qualifiedNames() {
        #expect(CommandTable.lookup("client|setname")?.name == "CLIENT|SETNAME")
        #expect(CommandTable.lookup("XINFO|STREAM")?.name == "XINFO|STREAM")
        #expect(CommandTable.lookup("config|get")?.name == "CONFIG|GET")
        #expect(CommandTable.lookup("get|x") == nil)
        #expect(CommandTable.lookup("nosuch|get") == nil)
    }

    @Test func tableShape() throws {
        let all = CommandTable.all
        for (i, spec) in all.enumerated() {
            #expect(spec.index == i)
            #expect(spec.name == spec.name.uppercased())
            if spec.parentIndex >= 0 {
                let parent = try #require(CommandTable.parent(of: spec))
                #expect(spec.name.hasPrefix(parent.name + "|"))
                #expect(parent.subcommandIndexes.contains(i))
            }
            #expect(CommandTable.lookup(spec.name) === spec)
        }
        #expect(CommandTable.count == all.filter { $0.parentIndex < 0 }.count)
        let client = try #require(CommandTable.lookup("CLIENT"))
        #expect(CommandTable.subcommands(of: client).map(\.name).contains("CLIENT|SETINFO"))
    }

    /// Every command and subcommand `COMMAND LIST` names on redis-server 7.0.15, plus CLIENT
    /// SETINFO (7.2), which redis-py >= 5 sends.
    @Test func coversRedis70() {
        let top = redis70Commands.filter { !$0.contains("|") }
        #expect(top.count == 240)
        #expect(CommandTable.count == 240 + 1, "Redis's and DROVER")
        for name in redis70Commands {
            #expect(CommandTable.lookup(name) != nil, "\(name) missing")
        }
        let drover = ["DROVER", "DROVER|CONFIG", "DROVER|GENERATION", "DROVER|HELP", "DROVER|RELOAD"]
        for name in drover { #expect(CommandTable.lookup(name) != nil, "\(name) missing") }
        #expect(CommandTable.all.count == redis70Commands.count + 1 + drover.count)
    }

    @Test func facts() throws {
        let get = try #require(CommandTable.lookup("GET"))
        #expect(get.arity == 2)
        #expect(get.flags == [.readonly, .fast])
        #expect(get.aclCategories == [.read, .string, .fast])
        #expect((get.firstKey, get.lastKey, get.keyStep) == (1, 1, 1))
        #expect(get.group == "string")
        #expect(get.since == "1.0.0")
        #expect(get.summary == "Get the value of a key")
        let eval = try #require(CommandTable.lookup("EVAL"))
        #expect(eval.flags.contains(.movableKeys))
        #expect(eval.flags.contains(.noMandatoryKeys))
        let blpop = try #require(CommandTable.lookup("BLPOP"))
        #expect(blpop.flags.contains(.blocking))
        #expect(CommandTable.lookup("DBSIZE")?.tips == ["request_policy:all_shards", "response_policy:agg_sum"])
    }
}
