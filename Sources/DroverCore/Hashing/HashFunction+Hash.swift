extension HashFunction {
    /// twemproxy's 32-bit hash of `key`, bit for bit what nutcracker computes on
    /// x86-64 Linux, including its signed-`char` quirks (see `FNV`).
    ///
    /// - Parameter key: The bytes to hash (after any hash tag was applied).
    /// - Returns: The hash that ketama and modula place by.
    public func hash(_ key: UnsafeRawBufferPointer) -> UInt32 {
        switch self {
        case .oneAtATime: JenkinsHash.oneAtATime(key)
        case .md5: MD5.digestWords(key).0
        case .crc16: CRC.crc16(key)
        case .crc32: CRC.crc32(key)
        case .crc32a: CRC.crc32a(key)
        case .fnv1_64: FNV.fnv1_64(key)
        case .fnv1a_64: FNV.fnv1a_64(key)
        case .fnv1_32: FNV.fnv1_32(key)
        case .fnv1a_32: FNV.fnv1a_32(key)
        case .hsieh: HsiehMurmur.hsieh(key)
        case .murmur: HsiehMurmur.murmur(key)
        case .jenkins: JenkinsHash.lookup3(key)
        }
    }

    /// twemproxy's 32-bit hash of `key`.
    ///
    /// - Parameter key: The bytes to hash.
    /// - Returns: The same value as the `UnsafeRawBufferPointer` overload.
    public func hash(_ key: [UInt8]) -> UInt32 {
        key.withUnsafeBytes { hash($0) }
    }
}
