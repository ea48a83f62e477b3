import Backend
import Config
import DroverCore
import RESP
import ValueEnvelope

/// Everything about one pool that its workers read on the data path, built once from
/// the config and shared read-only by every worker. A reload that changes the pool builds
/// a new one; counters and connected clients live elsewhere (``PoolRuntime``), so they
/// survive it.
final class PoolSnapshot: Sendable {
    let index: Int
    let config: PoolConfig
    let router: Router
    /// Per shard: `shard 's1' (127.0.0.1:7001)`, for errors and logs.
    let shardLabels: [String]
    let shardAddresses: [SocketAddress]
    /// Sent first on every backend connection: AUTH and SELECT as configured.
    let setupCommands: [[UInt8]]
    /// The same for the connections that carry RESP3 clients: HELLO 3 (with AUTH) first.
    let setupCommandsRESP3: [[UInt8]]
    let requestLimits: RequestLimits
    let sessionPolicy: SessionPolicy
    /// The value envelope's rewriter when the pool has `compression` or `herd_timeout`.
    let rewriter: EnvelopeRewriter?
    /// Script bodies seen through this pool (pass it on to the next snapshot on reload).
    let scripts: ScriptStore

    init(index: Int, config: PoolConfig, scripts: ScriptStore = ScriptStore()) throws {
        self.index = index
        self.scripts = scripts
        self.config = config
        let nodes = config.shards.enumerated().map { RingNode(name: $0.element.name, weight: $0.element.weight, index: $0.offset) }
        let map = ShardMap(hash: config.hash, hashTag: config.hashTag.flatMap(HashTag.init),
                           distribution: config.distribution, nodes: nodes, shardCount: config.shards.count)
        router = Router(shards: map)
        shardLabels = config.shards.map { "shard '\($0.name)' (\($0.primary.address))" }
        shardAddresses = try config.shards.map { try SocketAddress($0.primary.address) }
        var setup: [[UInt8]] = []
        var hello = ["HELLO", "3"]
        if let password = config.backendPassword {
            if let user = config.backendUsername {
                setup.append(RESP.command(["AUTH", user, password]))
            } else {
                setup.append(RESP.command(["AUTH", password]))
            }
            hello += ["AUTH", config.backendUsername ?? "default", password]
        }
        let codec = ValueCodec(compression: config.compression.map { .init(minSize: $0.minSize, level: $0.level) },
                               herdTimeoutSeconds: config.herdTimeoutSeconds)
        rewriter = codec.isActive ? EnvelopeRewriter(codec: codec) : nil
        // The envelope's script is loaded up front so that EVALSHA finds it.
        let select = (config.redisDb != 0 ? [RESP.command(["SELECT", String(config.redisDb)])] : [])
            + (codec.isActive ? [EnvelopeScript.loadCommand] : [])
        setupCommands = setup + select
        setupCommandsRESP3 = [RESP.command(hello)] + select
        var limits = RequestLimits.redisDefaults
        limits.maxBulkLength = min(limits.maxBulkLength, config.maxRequestSize)
        limits.maxRequestSize = config.maxRequestSize
        requestLimits = limits
        sessionPolicy = SessionPolicy(password: config.clientPassword, database: config.redisDb,
                                      version: DroverVersion.string)
    }
}

extension SocketAddress {
    /// Resolves a configured backend address.
    init(_ address: ServerAddress) throws(SocketError) {
        switch address {
        case .tcp(let host, let port): try self.init(host: host, port: port)
        case .unix(let path): try self.init(unixPath: path)
        }
    }
}
