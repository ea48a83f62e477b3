"""Runs the same cache operations through Django's own Redis cache backend and through
django-redis, against drover and against a single Redis, and checks that every result is
the same.

Usage: django_cache_check.py DROVER_PORT REDIS_PORT
drover's pool must have hash_tag "{}" and cross_shard_transactions: split (Django's
set_many and django-redis's set_many and delete_pattern send MULTI/EXEC pipelines over
keys of every shard). Prints each backend's results and
"django: all checks passed" at the end.
"""

import sys
import time

import django
from django.conf import settings


def configure(drover_port, redis_port):
    caches = {}
    for name, port in (("drover", drover_port), ("single", redis_port)):
        caches[f"django-{name}"] = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
        caches[f"djangoredis-{name}"] = {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    settings.configure(CACHES=caches, USE_TZ=True)
    django.setup()


def ttl_bucket(ttl):
    """TTLs in whole seconds may differ by one between two runs; compare ranges."""
    if ttl is None or ttl <= 0:
        return ttl
    return "90..100" if 90 <= ttl <= 100 else f"out of range: {ttl}"


def common(cache):
    """What both backends support; returns every result in order."""
    out = []
    data = {f"k{i}": {"n": i, "s": "x" * i} for i in range(40)}
    cache.clear()
    out.append(("set_many", cache.set_many(data, timeout=100)))
    out.append(("get_many", sorted(cache.get_many(list(data) + ["missing"]).items(), key=lambda kv: kv[0])))
    out.append(("set", cache.set("counter", 10)))
    out.append(("incr", cache.incr("counter", 5)))
    out.append(("decr", cache.decr("counter", 2)))
    try:
        cache.incr("no-such-counter")
        out.append(("incr missing", "no error"))
    except ValueError:
        out.append(("incr missing", "ValueError"))
    out.append(("touch", cache.touch("k1", 100)))
    out.append(("touch missing", cache.touch("missing", 100)))
    out.append(("get_or_set new", cache.get_or_set("gos", "computed", 100)))
    out.append(("get_or_set old", cache.get_or_set("gos", "other", 100)))
    out.append(("add existing", cache.add("k2", "no")))
    out.append(("add new", cache.add("added", "yes")))
    out.append(("delete_many", cache.delete_many([f"k{i}" for i in range(0, 40, 2)] + ["missing"])))
    out.append(("after delete_many", sorted(cache.get_many(list(data)).keys())))
    out.append(("has_key", cache.has_key("k1"), cache.has_key("k2")))
    out.append(("clear", cache.clear()))
    out.append(("after clear", cache.get_many(list(data) + ["counter", "gos"])))
    return out


def django_redis_only(cache):
    out = []
    cache.clear()
    cache.set_many({f"user:{i}": i for i in range(30)}, timeout=100)
    cache.set_many({f"page:{i}": i for i in range(10)}, timeout=None)
    out.append(("keys", sorted(cache.keys("user:*"))))
    out.append(("iter_keys", sorted(cache.iter_keys("page:*"))))
    out.append(("ttl", ttl_bucket(cache.ttl("user:1")), cache.ttl("page:1"), cache.ttl("missing")))
    out.append(("persist", cache.persist("user:1"), cache.ttl("user:1")))
    out.append(("expire", cache.expire("page:1", 100), ttl_bucket(cache.ttl("page:1"))))
    out.append(("delete_pattern", cache.delete_pattern("user:*")))
    out.append(("after delete_pattern", sorted(cache.keys("*"))))
    lock = cache.lock("resource", timeout=10)
    out.append(("lock acquire", lock.acquire(blocking=False)))
    out.append(("lock held", cache.lock("resource", timeout=10).acquire(blocking=False)))
    out.append(("lock extend", lock.extend(5)))
    lock.release()
    out.append(("lock again", cache.lock("resource", timeout=10).acquire(blocking=False)))
    cache.clear()
    return out


def main() -> None:
    configure(int(sys.argv[1]), int(sys.argv[2]))
    from django.core.cache import caches

    print(f"Django {django.get_version()}")
    results = {}
    for name in ("drover", "single"):
        results[f"django {name}"] = common(caches[f"django-{name}"])
        results[f"django-redis {name}"] = common(caches[f"djangoredis-{name}"]) + \
            django_redis_only(caches[f"djangoredis-{name}"])
    for backend in ("django", "django-redis"):
        print(f"{backend}: {', '.join(str(result[0]) for result in results[f'{backend} drover'])}")
        mismatches = [(a, b) for a, b in zip(results[f"{backend} drover"], results[f"{backend} single"]) if a != b]
        assert not mismatches, f"{backend}: drover and a single Redis differ: {mismatches}"
        assert len(results[f"{backend} drover"]) == len(results[f"{backend} single"])
        print(f"{backend}: same results as a single Redis")
    print("django: all checks passed")


if __name__ == "__main__":
    main()
