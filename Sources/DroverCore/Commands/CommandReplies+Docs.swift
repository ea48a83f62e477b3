import RESP

extension CommandReplies {
    /// `COMMAND DOCS [name ...]`: a map (flattened to an array) from each known command's
    /// name to a small document: `summary`, `since`, `group`, `drover_route` (the route in
    /// words) and, for containers, `subcommands`. Unknown names are left out, as in Redis;
    /// no name means every command.
    public static func writeDocs(argc: Int, arg: (Int) -> UnsafeRawBufferPointer, into buffer: ByteBuffer) {
        var specs: [CommandSpec]
        if argc <= 2 {
            specs = CommandTable.all.filter { $0.parentIndex < 0 }
        } else {
            specs = []
            for i in 2..<argc {
                if let spec = CommandTable.lookup(qualifiedName: arg(i)) { specs.append(spec) }
            }
        }
        buffer.appendArrayHeader(2 * specs.count)
        for spec in specs { writeDocsEntry(spec, into: buffer) }
    }

    /// `COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN glob]`: the names of
    /// every command and subcommand (`client|setname`) that pass the filter.
    public static func writeList(argc: Int, arg: (Int) -> UnsafeRawBufferPointer, into buffer: ByteBuffer) {
        var names = CommandTable.all.map { $0.name.lowercased() }
        if argc != 2 {
            guard argc == 5, ASCIICase.equals(arg(2), Array("FILTERBY".utf8)) else {
                buffer.appendError("ERR syntax error")
                return
            }
            let value = arg(4)
            if ASCIICase.equals(arg(3), Array("MODULE".utf8)) {
                names = []  // drover loads no modules
            } else if ASCIICase.equals(arg(3), Array("ACLCAT".utf8)) {
                let category = ACLCategories.names.first { ASCIICase.equals(value, Array($0.name.dropFirst().uppercased().utf8)) }
                names = category.map { c in
                    CommandTable.all.filter { $0.aclCategories.contains(c.member) }.map { $0.name.lowercased() }
                } ?? []
            } else if ASCIICase.equals(arg(3), Array("PATTERN".utf8)) {
                names = names.filter { Glob.matches(value, Array($0.utf8)) }
            } else {
                buffer.appendError("ERR syntax error")
                return
            }
        }
        buffer.appendArrayHeader(names.count)
        for name in names { buffer.appendBulk(name) }
    }

    /// One `COMMAND DOCS` pair: the name, then its document.
    static func writeDocsEntry(_ spec: CommandSpec, into buffer: ByteBuffer) {
        buffer.appendBulk(spec.name.lowercased())
        let subs = CommandTable.subcommands(of: spec)
        buffer.appendArrayHeader(subs.isEmpty ? 8 : 10)
        buffer.appendBulk("summary")
        buffer.appendBulk(spec.summary)
        buffer.appendBulk("since")
        buffer.appendBulk(spec.since)
        buffer.appendBulk("group")
        buffer.appendBulk(spec.group)
        buffer.appendBulk("drover_route")
        buffer.appendBulk(spec.routeDescription)
        if !subs.isEmpty {
            buffer.appendBulk("subcommands")
            buffer.appendArrayHeader(2 * subs.count)
            for sub in subs { writeDocsEntry(sub, into: buffer) }
        }
    }
}

extension CommandSpec {
    /// How drover routes the command and where its keys are, in words: the `drover_route`
    /// of `COMMAND DOCS` and the route column of COMMANDS.md.
    public var routeDescription: String {
        keys == .none ? route.description : "\(route) (\(keys))"
    }
}
