"""Drives drover with stock redis-py through what cache clients send beyond GET/SET:
transactional pipelines, scan_iter, locks, KEYS/FLUSHDB/DBSIZE, pub/sub and BLPOP.

Usage: redis_py_commands.py PORT POLICY [PROTOCOL]
POLICY is the pool's cross_shard_transactions (refuse or split). With no PROTOCOL the
client is built with no options (redis-py 8 speaks RESP3); PROTOCOL 2 asks for RESP2.
The pool must be freshly started and empty, with hash_tag "{}".
Prints one line per check and "redis-py commands: all checks passed" at the end.
"""

import sys
import threading
import time

import redis
from redis.exceptions import ResponseError


def client(port, protocol):
    if protocol is None:
        return redis.Redis(host="127.0.0.1", port=port)
    return redis.Redis(host="127.0.0.1", port=port, protocol=protocol)


def main() -> None:
    port = int(sys.argv[1])
    policy = sys.argv[2]
    protocol = int(sys.argv[3]) if len(sys.argv) > 3 else None
    r = client(port, protocol)
    other = client(port, protocol)
    print(f"redis-py {redis.__version__}, protocol {protocol or 'default'}, policy {policy}")

    # A Lock first, on the freshly started pool: its Lua scripts are unknown everywhere.
    lock = r.lock("py:lock", timeout=10)
    assert lock.acquire(blocking=False) is True
    assert r.lock("py:lock", timeout=10).acquire(blocking=False) is False
    assert lock.extend(5) is True
    assert 10 < r.pttl("py:lock") <= 15000, r.pttl("py:lock")
    lock.release()
    assert r.exists("py:lock") == 0
    print("lock ok")

    # A transaction on keys of one shard (one hash tag).
    with r.pipeline() as pipe:
        pipe.set("{acct}:balance", 100).incrby("{acct}:balance", 5).get("{acct}:balance").lpush("{acct}:log", "x")
        assert pipe.execute() == [True, 105, b"105", 1]
    # An error inside EXEC's array is that command's result, as on Redis.
    with r.pipeline() as pipe:
        pipe.incr("{acct}:balance").lpop("{acct}:balance").get("{acct}:balance")
        results = pipe.execute(raise_on_error=False)
        assert results[0] == 106 and isinstance(results[1], ResponseError) and results[2] == b"106", results
    print("transaction on one shard ok")

    # A transaction over keys of several shards.
    keys = [f"py:tx:{i}" for i in range(12)]
    with r.pipeline() as pipe:
        pipe.mset({k: "v-" + k for k in keys})
        for k in keys:
            pipe.expire(k, 100)
        pipe.mget(keys)
        if policy == "split":
            results = pipe.execute()
            assert results[0] is True and results[1:13] == [True] * 12, results
            assert results[13] == [("v-" + k).encode() for k in keys], results[13]
        else:
            try:
                pipe.execute()
                raise AssertionError("a cross-shard transaction ran under cross_shard_transactions: refuse")
            except ResponseError as error:
                assert "cross_shard_transactions" in str(error), error
            assert r.exists(*keys) == 0
    print(f"transaction over shards ok ({policy})")

    # WATCH: optimistic locking as redis-py's transaction() helper does it.
    r.set("{w}:counter", 1)

    def bump(pipe):
        value = int(pipe.get("{w}:counter"))
        pipe.multi()
        pipe.set("{w}:counter", value + 1)

    assert r.transaction(bump, "{w}:counter") == [True]
    assert r.get("{w}:counter") == b"2"
    with r.pipeline() as pipe:
        pipe.watch("{w}:counter")
        other.set("{w}:counter", 10)  # another client changes the watched key
        pipe.multi()
        pipe.set("{w}:counter", 99)
        try:
            pipe.execute()
            raise AssertionError("EXEC ran although a watched key changed")
        except redis.WatchError:
            pass
    assert r.get("{w}:counter") == b"10"
    print("watch ok")

    # KEYS, DBSIZE, FLUSHDB over every shard.
    r.flushdb()
    r.mset({f"py:k:{i}": i for i in range(30)})
    assert sorted(r.keys("py:k:*")) == sorted(f"py:k:{i}".encode() for i in range(30))
    assert r.dbsize() == 30
    assert r.flushdb() is True
    assert r.dbsize() == 0 and r.keys() == []
    print("keys/dbsize/flushdb ok")

    # scan_iter over 10,000 keys yields each exactly once.
    pipe = r.pipeline(transaction=False)
    for i in range(10_000):
        pipe.set(f"py:scan:{i}", i)
    pipe.execute()
    seen = list(r.scan_iter(match="py:scan:*", count=500))
    assert len(seen) == 10_000, len(seen)
    assert set(seen) == {f"py:scan:{i}".encode() for i in range(10_000)}
    assert len(list(r.scan_iter(count=1000))) == r.dbsize() == 10_000
    print("scan_iter ok")

    # Pub/sub: channels on different shards, a pattern matching channels on all of them.
    channels = [f"chan:{i}" for i in range(6)]
    p = r.pubsub()
    p.subscribe(*channels)
    p.psubscribe("chan:*")
    confirmations = [p.get_message(timeout=5) for _ in range(7)]
    assert [m["type"] for m in confirmations] == ["subscribe"] * 6 + ["psubscribe"], confirmations
    assert [m["data"] for m in confirmations] == list(range(1, 8)), confirmations
    for i, channel in enumerate(channels):
        assert other.publish(channel, f"hello {i}") == 2  # the channel and the pattern
    got = []
    while len(got) < 12:
        message = p.get_message(timeout=5)
        assert message is not None, got
        got.append(message)
    plain = sorted((m["channel"], m["data"]) for m in got if m["type"] == "message")
    matched = sorted((m["channel"], m["data"]) for m in got if m["type"] == "pmessage")
    expected = sorted((c.encode(), f"hello {i}".encode()) for i, c in enumerate(channels))
    assert plain == expected and matched == expected, got
    p.unsubscribe(channels[0])
    assert p.get_message(timeout=5)["type"] == "unsubscribe"
    assert other.publish(channels[0], "gone") == 1  # the pattern only
    message = p.get_message(timeout=5)
    assert message["type"] == "pmessage" and message["data"] == b"gone", message
    p.close()
    print("pub/sub ok")

    # BLPOP woken by an RPUSH from another client; other clients are not held up.
    result = {}

    def wait():
        result["value"] = client(port, protocol).blpop(["py:queue"], timeout=10)

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.3)
    started = time.time()
    assert other.set("py:queue:other", 1) is True
    assert time.time() - started < 0.5
    assert other.rpush("py:queue", "job") == 1
    waiter.join(10)
    assert result["value"] in ([b"py:queue", b"job"], (b"py:queue", b"job")), result
    print("blpop ok")

    r.close()
    other.close()
    print("redis-py commands: all checks passed")


if __name__ == "__main__":
    main()
