"""Drives drover with stock redis-py (no options) and asserts every answer.

Usage: redis_py_check.py PORT [PROTOCOL]
With no PROTOCOL the client is built with no options at all, as most applications do
(redis-py 8 then speaks RESP3: it opens with HELLO 3); PROTOCOL 2 asks for RESP2.
Prints one line per check and "redis-py: all checks passed" at the end; any failed
assertion exits non-zero with a traceback.
"""

import sys

import redis


def main() -> None:
    port = int(sys.argv[1])
    if len(sys.argv) > 2:
        client = redis.Redis(host="127.0.0.1", port=port, protocol=int(sys.argv[2]))
    else:
        client = redis.Redis(host="127.0.0.1", port=port)
    print(f"redis-py {redis.__version__}, protocol {sys.argv[2] if len(sys.argv) > 2 else 'default'}")

    assert client.ping() is True
    print("ping ok")

    assert client.set("py:a", "1") is True
    assert client.get("py:a") == b"1"
    assert client.get("py:missing") is None
    print("get/set ok")

    keys = [f"py:multi:{i}" for i in range(20)]
    assert client.mset({key: f"value-{key}" for key in keys}) is True
    values = client.mget(keys + ["py:missing"])
    assert values == [f"value-{key}".encode() for key in keys] + [None], values
    print("mset/mget ok")

    assert client.delete(*keys[:10], "py:missing") == 10
    assert client.exists(*keys) == 10
    print("delete/exists ok")

    assert client.incr("py:counter") == 1
    assert client.incr("py:counter", 41) == 42
    assert client.decr("py:counter") == 41
    print("incr ok")

    assert client.expire("py:a", 100) is True
    ttl = client.ttl("py:a")
    assert 90 <= ttl <= 100, ttl
    assert client.ttl("py:counter") == -1
    assert client.ttl("py:missing") == -2
    print("expire/ttl ok")

    # HGETALL is a map in RESP3 and a flat array in RESP2: redis-py must get a dict
    # either way, which shows the reply came over a connection speaking its protocol.
    assert client.hset("py:hash", mapping={"f1": "v1", "f2": "v2"}) == 2
    assert client.hgetall("py:hash") == {b"f1": b"v1", b"f2": b"v2"}
    print("hgetall ok")

    pipe = client.pipeline(transaction=False)
    for i in range(50):
        pipe.set(f"py:pipe:{i}", i)
    for i in range(50):
        pipe.get(f"py:pipe:{i}")
    pipe.incr("py:pipe:counter")
    results = pipe.execute()
    assert results[:50] == [True] * 50, results[:50]
    assert results[50:100] == [str(i).encode() for i in range(50)], results[50:100]
    assert results[100] == 1, results[100]
    print("pipeline ok")

    client.close()
    print("redis-py: all checks passed")


if __name__ == "__main__":
    main()
