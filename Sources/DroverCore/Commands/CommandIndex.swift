/// The command table's rows in their final order, with an open-addressing hash index over
/// their names for ``CommandTable/lookup(_:)``.
///
/// ```
///   name bytes ──FNV-1a over (byte | 0x20), seeded by the parent's index──► hash
///   slots[hash & mask] ─► (hash, entry) ─► same hash? ─► same parent, same length,
///        │ empty: unknown    linear probe on mismatch      bytes equal ignoring case?
///        ▼                                                  ─► specs[entry]
/// ```
///
/// Subcommands live in the same slots under their own names (`SETNAME`), told apart from
/// top-level commands and from each other by the parent index folded into the seed and
/// checked on a match. Nothing is allocated per lookup.
final class CommandIndex: Sendable {
    /// Every row: each top-level command in name order, followed by its subcommands.
    let specs: [CommandSpec]
    /// Number of top-level commands (`COMMAND COUNT`).
    let topLevelCount: Int

    private struct Slot: Sendable {
        var hash: UInt32
        /// Index into `specs`, or -1 for an empty slot.
        var entry: Int32
    }

    private let slots: [Slot]
    private let mask: Int
    /// Uppercase lookup names (a subcommand's part after `|`), back to back.
    private let nameBytes: [UInt8]
    /// Start of each entry's name in `nameBytes`, plus one final end offset.
    private let nameStarts: [Int32]
    /// Each entry's parent index, -1 for top-level commands.
    private let parents: [Int32]
    /// Longer names cannot match: rejected before hashing.
    private let longestName: Int

    /// Orders the rows and builds the index; traps on duplicate names or on a subcommand
    /// without its container, which only a broken generator can produce.
    init(rows: [CommandRow]) {
        let top = rows.filter { !$0.name.contains("|") }.sorted { $0.name < $1.name }
        let subsByContainer = Dictionary(grouping: rows.filter { $0.name.contains("|") }) {
            String($0.name.split(separator: "|")[0])
        }
        var ordered: [(row: CommandRow, parent: Int, subs: Range<Int>)] = []
        var placed = 0
        for row in top {
            let subs = (subsByContainer[row.name] ?? []).sorted { $0.name < $1.name }
            let parent = ordered.count
            ordered.append((row, -1, (parent + 1)..<(parent + 1 + subs.count)))
            for sub in subs { ordered.append((sub, parent, 0..<0)) }
            placed += 1 + subs.count
        }
        precondition(placed == rows.count, "command table: subcommand without its container")

        let specs = ordered.enumerated().map { i, item in
            CommandSpec(item.row, index: i, parentIndex: item.parent, subcommandIndexes: item.subs)
        }
        self.specs = specs
        topLevelCount = top.count

        var bytes: [UInt8] = []
        var starts: [Int32] = []
        for spec in specs {
            starts.append(Int32(bytes.count))
            let lookupName = spec.parentIndex < 0 ? Substring(spec.name) : spec.name.split(separator: "|")[1]
            bytes.append(contentsOf: lookupName.utf8)
        }
        starts.append(Int32(bytes.count))
        let parents = specs.map { Int32($0.parentIndex) }
        nameBytes = bytes
        nameStarts = starts
        self.parents = parents
        longestName = zip(starts.dropFirst(), starts).map { Int($0 - $1) }.max() ?? 0

        var size = 64
        while size < specs.count * 2 { size *= 2 }
        let mask = size - 1
        self.mask = mask
        var table = [Slot](repeating: Slot(hash: 0, entry: -1), count: size)
        for entry in specs.indices {
            let start = Int(starts[entry]), end = Int(starts[entry + 1])
            let hash = bytes[start..<end].withUnsafeBytes { Self.hash($0, parent: Int(parents[entry])) }
            var i = Int(hash) & mask
            while table[i].entry >= 0 {
                let other = Int(table[i].entry)
                precondition(!(parents[other] == parents[entry]
                               && bytes[Int(starts[other])..<Int(starts[other + 1])] == bytes[start..<end]),
                             "command table: duplicate name \(specs[entry].name)")
                i = (i + 1) & mask
            }
            table[i] = Slot(hash: hash, entry: Int32(entry))
        }
        slots = table
    }

    /// FNV-1a (32-bit) over the bytes with the lowercase bit set, seeded by the parent.
    @inline(__always)
    static func hash(_ name: UnsafeRawBufferPointer, parent: Int) -> UInt32 {
        var h: UInt32 = 2_166_136_261 ^ (UInt32(truncatingIfNeeded: parent &+ 1) &* 0x9E37_79B1)
        for byte in name { h = (h ^ UInt32(byte | 0x20)) &* 16_777_619 }
        return h
    }

    /// The row named `name` (any case) under `parent` (-1 for top-level commands).
    @inline(__always)
    func find(_ name: UnsafeRawBufferPointer, parent: Int) -> CommandSpec? {
        let count = name.count
        if count == 0 || count > longestName { return nil }
        let hash = Self.hash(name, parent: parent)
        var i = Int(hash) & mask
        while true {
            let slot = slots[i]
            if slot.entry < 0 { return nil }
            if slot.hash == hash {
                let entry = Int(slot.entry)
                let start = Int(nameStarts[entry])
                if Int(parents[entry]) == parent && Int(nameStarts[entry + 1]) - start == count {
                    let same = nameBytes.withUnsafeBufferPointer {
                        ASCIICase.equals(name, UnsafeBufferPointer(rebasing: $0[start..<(start + count)]))
                    }
                    if same { return specs[entry] }
                }
            }
            i = (i + 1) & mask
        }
    }
}
