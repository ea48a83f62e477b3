/// twemproxy's `hash_tag` rule: with `"{}"`, a key `user{42}:name` is placed
/// by hashing only `42`, so related keys can share a server.
///
/// The tagged part is the text between the first open byte and the first close
/// byte after it. If there is no such close byte, or nothing between the two,
/// the whole key is hashed. Later tags are ignored (`{a}{b}` hashes `a`; `{}{b}`
/// hashes the whole key).
public struct HashTag: Sendable, Equatable {
    /// The byte that opens a tag.
    public let open: UInt8
    /// The byte that closes a tag (may equal ``open``).
    public let close: UInt8

    /// Parses a `hash_tag` setting.
    ///
    /// - Parameter spec: Exactly two bytes of UTF-8 text, as twemproxy requires.
    /// - Returns: `nil` when `spec` is not two bytes long.
    public init?(_ spec: String) {
        let bytes = Array(spec.utf8)
        guard bytes.count == 2 else { return nil }
        open = bytes[0]
        close = bytes[1]
    }

    /// The byte range of `key` that is hashed.
    ///
    /// - Parameter key: The full key.
    /// - Returns: The range of the tag's content, or `0..<key.count`.
    public func hashedRange(of key: UnsafeRawBufferPointer) -> Range<Int> {
        let whole = 0..<key.count
        guard let start = key.firstIndex(of: open) else { return whole }
        let contentStart = start + 1
        var end = contentStart
        while end < key.count, key[end] != close {
            end += 1
        }
        guard end < key.count, end > contentStart else { return whole }
        return contentStart..<end
    }

    /// The part of `key` that is hashed.
    ///
    /// - Parameter key: The full key.
    /// - Returns: A view into `key` (no copy): the tag's content, or all of `key`.
    public func hashedPart(of key: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: key[hashedRange(of: key)])
    }
}
