/// The key hash functions twemproxy offers, by their nutcracker.yml names.
public enum HashFunction: String, CaseIterable, Sendable {
    case oneAtATime = "one_at_a_time"
    case md5
    case crc16
    case crc32
    case crc32a
    case fnv1_64
    case fnv1a_64
    case fnv1_32
    case fnv1a_32
    case hsieh
    case murmur
    case jenkins
}

/// How hashed keys map to servers, by their nutcracker.yml names.
public enum Distribution: String, CaseIterable, Sendable {
    case ketama
    case modula
    case random
}
