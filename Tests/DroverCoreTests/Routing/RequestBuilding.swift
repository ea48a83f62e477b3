import DroverCore
import RESP

/// Frames `args` as a client would send them and hands the view to `body`.
func withRequest<R>(_ args: [String], _ body: (RequestView) -> R) -> R {
    let bytes = RESP.command(args)
    var framer = RequestFramer()
    var list = ArgList()
    return bytes.withUnsafeBytes { raw in
        guard case .request(let length) = framer.frame(raw, into: &list), length == raw.count else {
            fatalError("test request did not frame: \(args)")
        }
        return body(RequestView(bytes: raw, args: list))
    }
}

/// A three-shard map named like the benchmarks' pools (s0, s1, s2).
func threeShards(hashTag: String? = "{}") -> ShardMap {
    let nodes = (0..<3).map { RingNode(name: "s\($0)", weight: 1, index: $0) }
    return ShardMap(hash: .fnv1a_64, hashTag: hashTag.flatMap(HashTag.init), distribution: .ketama,
                    nodes: nodes, shardCount: 3)
}

extension ShardMap {
    func shard(of key: String) -> Int? {
        Array(key.utf8).withUnsafeBytes { shard(for: $0) }
    }

    /// `count` keys named `prefix0, prefix1, ...` that all land on `shard`.
    func keys(on shard: Int, count: Int, prefix: String = "k") -> [String] {
        var found: [String] = []
        var i = 0
        while found.count < count {
            let key = "\(prefix)\(i)"
            if self.shard(of: key) == shard { found.append(key) }
            i += 1
        }
        return found
    }
}

/// A reply's bytes as text, for readable expectations.
func text(_ buffer: ByteBuffer) -> String { String(decoding: buffer.readableBytes, as: UTF8.self) }
