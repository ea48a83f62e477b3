/// Where Debian's nutcracker 0.5.0 puts keys in a pool of three servers named s0, s1, s2
/// with `distribution: ketama`, `hash: fnv1a_64`, `hash_tag: "{}"` (recorded by writing
/// each key through nutcracker and asking every backend which one holds it).
///
/// Named servers place keys by name alone, so these hold for any ports.
enum GoldenPlacement {
    /// (key, index of the server that holds it).
    static let keys: [(key: String, shard: Int)] = [
        ("a", 0), ("b", 0), ("c", 0), ("foo", 1), ("bar", 1), ("baz", 1), ("hello", 0),
        ("key:0", 1), ("key:9", 1), ("user:1000", 1), ("session:abc", 2),
        ("alpha", 2), ("beta", 1), ("gamma", 1), ("delta", 0), ("epsilon", 2), ("zeta", 0),
        ("eta", 2), ("theta", 1), ("iota", 0), ("kappa", 1), ("lambda", 0), ("rho", 2),
        ("sigma", 0), ("cherry", 2), ("k:30000", 0), ("0", 0),
        // Hash tags: the text inside the first {...} is hashed when it is not empty.
        ("user1", 0), ("{user1}:name", 0), ("{user1}:email", 0), ("x{tag}y", 0),
        ("{user2}:a", 0), ("{user2}:b", 0), ("{a}{b}", 0), ("{}:empty", 2), ("{x", 1),
    ]

    /// One key held by each of the three servers, in server order.
    static let onePerShard = ["a", "foo", "alpha"]
}
