/// A request's arguments in one block of memory, handed out as the byte buffers the
/// command table's key search and reply writers read.
final class TestArgv {
    private let storage: UnsafeMutableRawBufferPointer
    private let ranges: [Range<Int>]

    /// Arguments split on single spaces: `TestArgv("SET k v")`.
    convenience init(_ line: String) {
        self.init(line.split(separator: " ", omittingEmptySubsequences: false).map(String.init))
    }

    init(_ args: [String]) {
        let bytes = args.map { Array($0.utf8) }
        storage = .allocate(byteCount: max(1, bytes.reduce(0) { $0 + $1.count }), alignment: 1)
        var ranges: [Range<Int>] = []
        var offset = 0
        for arg in bytes {
            storage.baseAddress!.advanced(by: offset).copyMemory(from: arg, byteCount: arg.count)
            ranges.append(offset..<(offset + arg.count))
            offset += arg.count
        }
        self.ranges = ranges
    }

    deinit { storage.deallocate() }

    var count: Int { ranges.count }

    func arg(_ i: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage[ranges[i]])
    }
}
