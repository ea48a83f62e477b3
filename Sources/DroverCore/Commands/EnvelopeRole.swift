/// How a command meets the values drover stores in its value envelope, on pools with
/// `compression` or `herd_timeout`: the envelope column of the command table.
///
/// Chosen in `scripts/gen-command-table.py` (its ENVELOPE mapping); every other command is
/// ``none`` and is forwarded as it is. The INCR family is ``none`` on purpose: numbers are
/// never enveloped, so a counter is always stored as Redis expects it.
public enum EnvelopeRole: Sendable, Equatable {
    /// The command never touches a string value's bytes (or only as Redis would anyway).
    case none
    /// GET: the reply is one stored value; after its logical expiry exactly one reader gets
    /// a miss.
    case read
    /// MGET: the reply is an array of stored values, each read as by GET.
    case readMany
    /// GETDEL: the reply is the stored value; a logically expired one reads as nil.
    case take
    /// GETEX key [EX|PX|EXAT|PXAT time | PERSIST]: as GET without options; with them the
    /// logical expiry changes.
    case getEx
    /// SET key value [NX|XX] [GET] [EX|PX|EXAT|PXAT time | KEEPTTL]
    case set
    /// SETNX key value
    case setNX
    /// SETEX key seconds value, PSETEX key milliseconds value
    case setEx(TimeUnit)
    /// GETSET key value: stores the value and replies with the old one.
    case getSet
    /// MSET key value [key value ...]
    case mset
    /// MSETNX key value [key value ...]
    case msetNX
    /// EXPIRE, PEXPIRE (relative) and EXPIREAT, PEXPIREAT (absolute): key time [NX|XX|GT|LT],
    /// applied to the logical expiry.
    case expire(TimeUnit, absolute: Bool)
    /// PERSIST key: removes the logical expiry.
    case persist
    /// TTL, PTTL (relative) and EXPIRETIME, PEXPIRETIME (absolute): report the logical
    /// expiry.
    case ttl(TimeUnit, absolute: Bool)
    /// APPEND, STRLEN, GETRANGE, SETRANGE, the bit commands, LCS, DUMP, RESTORE, OBJECT
    /// ENCODING: they read or change a string's bytes in place, so they run only on values
    /// that are not enveloped; `writes` when they may change (or create) the value.
    case content(writes: Bool)
}

/// The unit of a command's time argument or reply.
public enum TimeUnit: Sendable, Equatable {
    case seconds
    case milliseconds
}
