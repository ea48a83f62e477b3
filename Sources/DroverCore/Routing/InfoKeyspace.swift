import RESP

/// INFO's `# Keyspace` section over a pool: each shard's `dbN:keys=K,expires=E,avg_ttl=T`
/// lines added up per database (avg_ttl weighted by each shard's keys with an expiry).
enum InfoKeyspace {
    struct Totals {
        var keys = 0
        var expires = 0
        var ttlWeight = 0
    }

    /// Writes the client's INFO reply: drover's own sections (`local`, a bulk reply) if
    /// given, then the summed keyspace, as a bulk string, or a verbatim string when the
    /// shards speak RESP3.
    static func merge(_ replies: FragmentReplies, local: UnsafeRawBufferPointer?, into out: ByteBuffer) {
        var databases: [Int: Totals] = [:]
        var verbatim = false
        for i in 0..<replies.count {
            let reply = replies[i]
            guard let text = ReplyReader.text(reply) else {
                out.appendError(ErrorText.unexpectedShardReply)
                return
            }
            if reply.first == UInt8(ascii: "=") { verbatim = true }
            for line in String(decoding: text, as: UTF8.self).split(whereSeparator: \.isNewline) {
                guard line.hasPrefix("db"), let colon = line.firstIndex(of: ":"),
                      let db = Int(line[line.index(line.startIndex, offsetBy: 2)..<colon]) else { continue }
                var fields: [Substring: Int] = [:]
                for pair in line[line.index(after: colon)...].split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2, let value = Int(parts[1]) { fields[parts[0]] = value }
                }
                var totals = databases[db] ?? Totals()
                let expires = fields["expires"] ?? 0
                totals.keys += fields["keys"] ?? 0
                totals.expires += expires
                totals.ttlWeight += (fields["avg_ttl"] ?? 0) * expires
                databases[db] = totals
            }
        }
        var text = ""
        if let local, let own = ReplyReader.text(local) {
            text = String(decoding: own, as: UTF8.self)
            if !text.isEmpty && !text.hasSuffix("\r\n") { text += "\r\n" }
            if !text.isEmpty { text += "\r\n" }
        }
        text += "# Keyspace\r\n"
        for db in databases.keys.sorted() {
            let t = databases[db]!
            let averageTTL = t.expires > 0 ? t.ttlWeight / t.expires : 0
            text += "db\(db):keys=\(t.keys),expires=\(t.expires),avg_ttl=\(averageTTL)\r\n"
        }
        if verbatim {
            out.append(byte: UInt8(ascii: "="))
            out.append(decimal: text.utf8.count + 4)
            out.appendCRLF()
            out.append("txt:")
            out.append(text)
            out.appendCRLF()
        } else {
            out.appendBulk(text)
        }
    }
}
