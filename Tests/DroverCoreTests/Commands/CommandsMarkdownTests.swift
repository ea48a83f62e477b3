import DroverCore
import Foundation
import Testing

/// COMMANDS.md, rendered from the command table. Rewrite the file after changing the table
/// with `DROVER_UPDATE_COMMANDS_MD=1 swift test --filter CommandsMarkdown`.
enum CommandsMarkdown {
    static func render() -> String {
        let all = CommandTable.all
        var kinds: [(String, Int)] = []
        for kind in ["single", "split", "sameShard", "fanout", "local", "transaction", "dedicated", "pubsub", "script",
                     "refused"] {
            kinds.append((kind, all.filter { routeKind($0.route) == kind }.count))
        }
        var text = """
            # Commands

            How drover handles every Redis 7.0 command and subcommand (plus CLIENT SETINFO from
            7.2, and drover's own `DROVER RELOAD | CONFIG | GENERATION | HELP`). Rendered from drover's command table (`Sources/DroverCore/Commands`), which
            `scripts/gen-command-table.py` generates from redis-server and where the routing
            decisions are made; a test fails when this file is out of date. Regenerate it with
            `DROVER_UPDATE_COMMANDS_MD=1 swift test --filter CommandsMarkdown`.

            Key positions count arguments from the command name (0). Refused commands never
            reach a backend. README.md ("Fan-out, scans, scripts, transactions, blocking
            commands and pub/sub") explains the fan-out merges, SCAN's cursor, script bodies,
            transactions under `cross_shard_transactions`, and dedicated connections.

            | route | commands |
            |---|---|

            """
        for (kind, count) in kinds { text += "| \(kind) | \(count) |\n" }
        text += "\n| command | group | since | drover | keys |\n|---|---|---|---|---|\n"
        for spec in all {
            let name = spec.name.replacingOccurrences(of: "|", with: " ")
            text += "| `\(name)` | \(spec.group) | \(spec.since) | \(spec.route) | \(spec.keys) |\n"
        }
        return text
    }

    static func routeKind(_ route: Route) -> String {
        switch route {
        case .single: return "single"
        case .split: return "split"
        case .sameShard: return "sameShard"
        case .fanout: return "fanout"
        case .local: return "local"
        case .transaction: return "transaction"
        case .dedicated: return "dedicated"
        case .pubsub: return "pubsub"
        case .script: return "script"
        case .refused: return "refused"
        }
    }

    /// COMMANDS.md at the repository's top level.
    static var fileURL: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Commands
            .deletingLastPathComponent()  // DroverCoreTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
            .appendingPathComponent("COMMANDS.md")
    }
}

@Suite struct CommandsMarkdownTests {
    @Test func commandsMarkdownIsCurrent() throws {
        let rendered = CommandsMarkdown.render()
        if ProcessInfo.processInfo.environment["DROVER_UPDATE_COMMANDS_MD"] == "1" {
            try rendered.write(to: CommandsMarkdown.fileURL, atomically: false, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: CommandsMarkdown.fileURL, encoding: .utf8)
        #expect(onDisk == rendered,
                "COMMANDS.md is out of date: run DROVER_UPDATE_COMMANDS_MD=1 swift test --filter CommandsMarkdown")
    }
}
