import DroverCore
import RESP

/// drover's one Lua script: the steps on enveloped values that must be atomic on the
/// backend (herd claims, conditional SETs, expiry changes) and the guard that keeps
/// in-place string commands off enveloped values.
///
/// Called as `EVALSHA <sha> <numkeys> <keys...> <op> <now ms> <op's arguments...>`. Every
/// backend connection of an envelope pool loads it first (SCRIPT LOAD); if a backend lost
/// it anyway (SCRIPT FLUSH), the request is sent again as EVAL with the body
/// (``evalForm(of:)``). It reads the header exactly as ``Envelope/header(of:)`` does.
public enum EnvelopeScript {
    /// The Lua source.
    public static let body = #"""
-- drover value envelope v1: header layout in Sources/ValueEnvelope/Envelope.swift
local MAGIC = '\255DRV'
local HEADER = 18
local COMPRESSED, HERD, CLAIMED = 1, 2, 4
local op, now = ARGV[1], tonumber(ARGV[2])

-- The key's header and flags, or nil for a raw value (or a key that is not a string).
local function head(key)
  local h = redis.pcall('GETRANGE', key, 0, HEADER - 1)
  if type(h) ~= 'string' or #h < HEADER or string.sub(h, 1, 4) ~= MAGIC or string.byte(h, 5) ~= 1 then
    return nil
  end
  local flags = string.byte(h, 6)
  if flags > 7 then return nil end
  if bit.band(flags, COMPRESSED) == 0 then
    local n = 0
    for i = 15, 18 do n = n * 256 + string.byte(h, i) end
    if redis.call('STRLEN', key) ~= HEADER + n then return nil end
  end
  return h, flags
end

-- The logical expiry (Unix ms) of a herd header, else nil.
local function expiry(h, flags)
  if not h or bit.band(flags, HERD) == 0 then return nil end
  local e = 0
  for i = 7, 14 do e = e * 256 + string.byte(h, i) end
  return e
end

-- Whether the key exists and has not reached its logical expiry.
local function alive(key)
  if redis.call('EXISTS', key) == 0 then return false end
  local h, flags = head(key)
  local e = expiry(h, flags)
  return not (e and now >= e)
end

local function ms(n) return string.format('%.0f', n) end

if op == 'claim' then
  -- ARGV[3]: the header's first 14 bytes as the caller read them (expired, unclaimed).
  if redis.pcall('GETRANGE', KEYS[1], 0, 13) ~= ARGV[3] then return 0 end
  redis.call('SETRANGE', KEYS[1], 5, string.char(bit.bor(string.byte(ARGV[3], 6), CLAIMED)))
  return 1
end

if op == 'set' then
  -- ARGV: 3 condition ('', NX, XX), 4 reply ('' OK/nil, GET old value, INT 1/0),
  -- 5 expiry ('', PX, PXAT, KEEPTTL), 6 its time, 7 stored value,
  -- 8 the value as a herd envelope whose expiry KEEPTTL fills in ('' if none).
  local key, cond, reply, mode = KEYS[1], ARGV[3], ARGV[4], ARGV[5]
  local old = false
  if reply == 'GET' then
    old = redis.pcall('GET', key)
    if type(old) == 'table' and old.err then return old end
  end
  local h, flags = head(key)
  local e = expiry(h, flags)
  local live = redis.call('EXISTS', key) == 1 and not (e and now >= e)
  if (cond == 'NX' and live) or (cond == 'XX' and not live) then
    if reply == 'GET' then return old end
    if reply == 'INT' then return 0 end
    return false
  end
  if mode == 'KEEPTTL' then
    if live and e then
      if ARGV[8] ~= '' then
        redis.call('SET', key, string.sub(ARGV[8], 1, 6) .. string.sub(h, 7, 14) .. string.sub(ARGV[8], 15), 'KEEPTTL')
      else
        redis.call('SET', key, ARGV[7], 'PXAT', ms(e))
      end
    elseif live then
      redis.call('SET', key, ARGV[7], 'KEEPTTL')
    else
      redis.call('SET', key, ARGV[7])
    end
  elseif mode == '' then
    redis.call('SET', key, ARGV[7])
  else
    redis.call('SET', key, ARGV[7], mode, ARGV[6])
  end
  if reply == 'GET' then return old end
  if reply == 'INT' then return 1 end
  return redis.status_reply('OK')
end

if op == 'msetnx' then
  -- ARGV[2 + i]: the stored value of KEYS[i].
  for _, key in ipairs(KEYS) do
    if alive(key) then return 0 end
  end
  for i, key in ipairs(KEYS) do redis.call('SET', key, ARGV[2 + i]) end
  return 1
end

if op == 'ttl' then
  -- ARGV[3]: TTL, PTTL, EXPIRETIME or PEXPIRETIME.
  local h, flags = head(KEYS[1])
  local e = expiry(h, flags)
  local command = ARGV[3]
  if not e then return redis.pcall(command, KEYS[1]) end
  if command == 'PEXPIRETIME' then return e end
  if command == 'EXPIRETIME' then return math.floor(e / 1000) end
  local left = math.max(e - now, 0)
  if command == 'PTTL' then return left end
  return math.floor((left + 500) / 1000)
end

if op == 'expire' then
  -- ARGV: 3 new logical expiry (ms), 4 the same as 8 header bytes, 5 herd window (ms),
  -- 6 condition ('', NX, XX, GT, LT), 7... the client's command.
  local key = KEYS[1]
  local h, flags = head(key)
  local e = expiry(h, flags)
  if not e then return redis.pcall(unpack(ARGV, 7)) end
  if now >= e then return 0 end
  local new, cond = tonumber(ARGV[3]), ARGV[6]
  if cond == 'NX' or (cond == 'GT' and new <= e) or (cond == 'LT' and new >= e) then return 0 end
  redis.call('SETRANGE', key, 5, string.char(bit.band(flags, COMPRESSED + HERD)) .. ARGV[4])
  redis.call('PEXPIREAT', key, ms(new + tonumber(ARGV[5])))
  return 1
end

if op == 'persist' then
  local key = KEYS[1]
  local h, flags = head(key)
  local e = expiry(h, flags)
  if not e then return redis.pcall('PERSIST', key) end
  if now >= e then return 0 end
  redis.call('SETRANGE', key, 5, string.char(bit.band(flags, COMPRESSED)) .. string.rep('\0', 8))
  redis.call('PERSIST', key)
  return 1
end

if op == 'getex' then
  -- ARGV: 3 new logical expiry (ms), '' for PERSIST, 4 the same as 8 header bytes,
  -- 5 herd window (ms), 6... the client's command.
  local key = KEYS[1]
  local h, flags = head(key)
  local e = expiry(h, flags)
  if not e then return redis.pcall(unpack(ARGV, 6)) end
  if now >= e then return false end
  if ARGV[3] == '' then
    redis.call('SETRANGE', key, 5, string.char(bit.band(flags, COMPRESSED)) .. string.rep('\0', 8))
    redis.call('PERSIST', key)
  else
    redis.call('SETRANGE', key, 5, string.char(bit.band(flags, COMPRESSED + HERD)) .. ARGV[4])
    redis.call('PEXPIREAT', key, ms(tonumber(ARGV[3]) + tonumber(ARGV[5])))
  end
  return redis.call('GET', key)
end

if op == 'guard' then
  -- ARGV: 3 '1' if the command may write, 4... the client's command.
  for _, key in ipairs(KEYS) do
    local h, flags = head(key)
    if h then
      local why = "it begins with drover's envelope marker, so pool options 'compression' and 'herd_timeout' keep it escaped"
      if bit.band(flags, COMPRESSED) ~= 0 then
        why = "stored compressed: pool option 'compression'"
      elseif bit.band(flags, HERD) ~= 0 then
        why = "stored with a herd expiry: pool option 'herd_timeout'"
      end
      return redis.error_reply('ERR drover: ' .. string.upper(ARGV[4]) ..
        ' cannot work on this value in place (' .. why .. '); use GET and SET')
    end
  end
  local reply = redis.pcall(unpack(ARGV, 4))
  if ARGV[3] == '1' then
    -- A raw value may not begin with the magic bytes: escape it, as drover's SET would.
    for _, key in ipairs(KEYS) do
      if redis.pcall('GETRANGE', key, 0, 3) == MAGIC then
        local v = redis.call('GET', key)
        local n = #v
        redis.call('SET', key, MAGIC .. '\1\0' .. string.rep('\0', 8) ..
          string.char(math.floor(n / 16777216) % 256, math.floor(n / 65536) % 256,
                      math.floor(n / 256) % 256, n % 256) .. v, 'KEEPTTL')
      end
    end
  end
  return reply
end

return redis.error_reply('ERR drover: unknown envelope operation ' .. tostring(op))
"""#

    /// The body's SHA-1, as EVALSHA names it.
    public static let sha = Array(body.utf8).withUnsafeBytes(SHA1.hex)

    /// `SCRIPT LOAD <body>`, sent first on every backend connection of an envelope pool.
    public static let loadCommand = RESP.command(["SCRIPT", "LOAD", body])

    /// Bytes before a call's `numkeys`: `$7\r\nEVALSHA\r\n$40\r\n<sha>\r\n`.
    static let evalshaPrefix: [UInt8] = Array("$7\r\nEVALSHA\r\n$40\r\n\(sha)\r\n".utf8)

    /// What replaces ``evalshaPrefix`` in ``evalForm(of:)``.
    static let evalPrefix: [UInt8] = Array("$4\r\nEVAL\r\n$\(body.utf8.count)\r\n\(body)\r\n".utf8)

    /// A call built by ``call(_:keys:nowMs:arguments:)`` with the body instead of the SHA
    /// (EVAL), for a backend that answered NOSCRIPT.
    public static func evalForm(of request: [UInt8]) -> [UInt8] {
        guard let cr = request.firstIndex(of: 13) else { return request }
        let start = cr + 2
        precondition(request[start..<(start + evalshaPrefix.count)].elementsEqual(evalshaPrefix), "not a script call")
        return Array(request[..<start]) + evalPrefix + request[(start + evalshaPrefix.count)...]
    }

    /// One argument of a script call.
    public enum Argument {
        /// Bytes taken from the client's request.
        case bytes(UnsafeRawBufferPointer)
        case text(String)
        case integer(Int64)
        case raw([UInt8])
        /// A client's value as the pool stores it, with its logical expiry if any.
        case stored(UnsafeRawBufferPointer, expiryMs: Int64?)
    }

    /// Encodes `EVALSHA <sha> <numkeys> <keys> <op> <nowMs> <arguments>`.
    public static func call(_ op: String, keys: [UnsafeRawBufferPointer], nowMs: Int64,
                            arguments: [Argument], codec: ValueCodec) -> [UInt8] {
        let out = ByteBuffer(capacity: 256)
        out.appendArrayHeader(3 + keys.count + 2 + arguments.count)
        evalshaPrefix.withUnsafeBytes { out.append($0) }
        out.appendBulk(String(keys.count))
        for key in keys { out.appendBulk(key) }
        out.appendBulk(op)
        out.appendBulk(String(nowMs))
        for argument in arguments {
            switch argument {
            case .bytes(let bytes): out.appendBulk(bytes)
            case .text(let text): out.appendBulk(text)
            case .integer(let value): out.appendBulk(String(value))
            case .raw(let bytes): bytes.withUnsafeBytes { out.appendBulk($0) }
            case .stored(let value, let expiry): codec.appendStored(value, expiryMs: expiry, to: out)
            }
        }
        return out.readableBytes
    }
}
