#!/usr/bin/env python3
"""A steady, verified load on a Redis proxy (drover or nutcracker), for failure drills.

    checker.py --port 22121 --shard s0=127.0.0.1:7001 --shard s1=127.0.0.1:7002 \
               --duration 10 --json report.json

Each client thread owns its keys and writes a value no other write ever used
("<thread>:<key>:<sequence>"), so every reply can be checked:

  ok     the value of the last acknowledged write, or of a write whose outcome is unknown
         (it failed with an error or a dropped connection: it may or may not have run)
  miss   nil: the key is not there (a cache may lose keys: a restarted or ejected server)
  wrong  any other value: a stale value, another key's value, a reply meant for another
         request. A correct proxy never returns one.
  error  an error reply, a timeout or a dropped connection

Operations: GET, SET and MGET over a thread's own keys, one at a time per thread.
Outcomes are counted per shard (the shard holding the key, learned once by asking each
--shard address directly), with the time of the first and last error and of every
error-free stretch, so a drill can tell when a shard failed and when it recovered.
Times are Unix epoch seconds. Prints a summary; --json writes the full report.

Needs redis-py. Retries are off and CLIENT SETINFO is not sent, so nutcracker (which
drops connections on it) can be checked the same way.
"""

import argparse
import inspect
import json
import random
import re
import sys
import threading
import time

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

SETINFO_PARAMETERS = inspect.signature(redis.Redis.__init__).parameters
SHARD_IN_ERROR = re.compile(r"shard '([^']+)'")


def client(host, port, timeout):
    # No CLIENT SETINFO: redis-py >= 7 turns it off with driver_info=None, older ones with
    # lib_name=None.
    no_setinfo = {"driver_info": None} if "driver_info" in SETINFO_PARAMETERS else {"lib_name": None, "lib_version": None}
    return redis.Redis(host=host, port=port, protocol=2, socket_timeout=timeout,
                       socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 0),
                       single_connection_client=True, **no_setinfo)


class ShardStats:
    """Outcomes of one shard's keys."""

    def __init__(self):
        self.counts = {"ok": 0, "miss": 0, "wrong": 0, "error": 0}
        self.first_error = None
        self.last_error = None
        self.error_samples = []
        self.wrong_samples = []
        # Seconds (from the start) in which at least one error happened.
        self.error_seconds = set()
        self.errors_by_command = {}
        self.last_ok = None

    def record(self, outcome, at, start, detail=None):
        self.counts[outcome] += 1
        if outcome == "error":
            self.first_error = at if self.first_error is None else self.first_error
            self.last_error = at
            self.error_seconds.add(int(at - start))
            command = (detail or "?").split(":", 1)[0]
            self.errors_by_command[command] = self.errors_by_command.get(command, 0) + 1
            if detail and len(self.error_samples) < 5 and detail not in self.error_samples:
                self.error_samples.append(detail)
        elif outcome == "wrong":
            if len(self.wrong_samples) < 10:
                self.wrong_samples.append(detail)
        else:
            self.last_ok = at

    def report(self):
        return {**self.counts, "first_error": self.first_error, "last_error": self.last_error,
                "error_samples": self.error_samples, "wrong_samples": self.wrong_samples,
                "error_seconds": sorted(self.error_seconds), "errors_by_command": self.errors_by_command,
                "last_ok": self.last_ok}


class Checker:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.shard_of = {}
        self.stats = {}
        self.start = None
        self.stop_at = None
        self.threads_ready = 0
        self.setup_finished = threading.Event()

    def stats_for(self, key):
        shard = self.shard_of.get(key, "?")
        if shard not in self.stats:
            self.stats[shard] = ShardStats()
        return self.stats[shard]

    def record(self, key, outcome, detail=None):
        at = time.time()
        with self.lock:
            self.stats_for(key).record(outcome, at, self.start, detail)

    def keys(self, thread):
        return [f"{self.args.prefix}:{thread}:{i}" for i in range(self.args.keys)]

    def locate(self):
        """Which shard holds each key, asked of every shard's primary directly."""
        everything = [k for t in range(self.args.clients) for k in self.keys(t)]
        for spec in self.args.shard:
            name, address = spec.split("=", 1)
            host, port = address.rsplit(":", 1)
            try:
                direct = client(host, int(port), 5)
                pipe = direct.pipeline(transaction=False)
                for key in everything:
                    pipe.exists(key)
                for key, found in zip(everything, pipe.execute()):
                    if found:
                        self.shard_of[key] = name
                direct.close()
            except (redis.RedisError, OSError) as error:
                print(f"checker: cannot ask shard {name} which keys it holds ({error}); "
                      "its keys count under '?'", file=sys.stderr)

    def run_thread(self, thread, ready):
        args = self.args
        conn = client(args.host, args.port, args.socket_timeout)
        keys = self.keys(thread)
        # Values any later read may return: the last acknowledged write, plus writes whose
        # outcome is unknown since then.
        allowed = {key: set() for key in keys}
        seq = 0
        for key in keys:
            value = f"{thread}:{key}:{seq}"
            seq += 1
            try:
                conn.set(key, value)
                allowed[key] = {value}
            except (redis.RedisError, OSError):
                allowed[key].add(value)
        self.setup_done()
        ready.wait()
        rng = random.Random(thread)
        while time.time() < self.stop_at:
            roll = rng.random()
            if roll < args.mget_share:
                chosen = rng.sample(keys, min(4, len(keys)))
                try:
                    values = conn.mget(chosen)
                except (redis.RedisError, OSError) as error:
                    # An error naming a shard (drover's do) counts against that shard's keys
                    # only; the other keys' values are simply not known this time.
                    named = SHARD_IN_ERROR.search(str(error))
                    for key in chosen:
                        if named is None or self.shard_of.get(key) == named.group(1):
                            self.record(key, "error", f"MGET: {error}")
                    continue
                for key, got in zip(chosen, values):
                    self.check(key, got, allowed[key], "MGET")
            elif roll < args.mget_share + (1 - args.mget_share) / 2:
                key = rng.choice(keys)
                value = f"{thread}:{key}:{seq}"
                seq += 1
                try:
                    reply = conn.set(key, value)
                except (redis.RedisError, OSError) as error:
                    allowed[key].add(value)
                    self.record(key, "error", f"SET: {error}")
                    continue
                if reply is True:
                    allowed[key] = {value}
                    self.record(key, "ok")
                else:
                    allowed[key].add(value)
                    self.record(key, "wrong", f"SET {key} answered {reply!r}")
            else:
                key = rng.choice(keys)
                try:
                    got = conn.get(key)
                except (redis.RedisError, OSError) as error:
                    self.record(key, "error", f"GET: {error}")
                    continue
                self.check(key, got, allowed[key], "GET")
            if args.pause:
                time.sleep(args.pause)
        conn.close()

    def check(self, key, got, allowed, command):
        if got is None:
            self.record(key, "miss")
        elif got.decode(errors="replace") in allowed:
            self.record(key, "ok")
        else:
            self.record(key, "wrong", f"{command} {key} returned {got!r}, expected one of {sorted(allowed)}")

    def run(self):
        args = self.args
        ready = threading.Event()
        threads = [threading.Thread(target=self.run_thread, args=(t, ready), daemon=True)
                   for t in range(args.clients)]
        # Every thread writes its keys first; then where each key lives is learned, and the
        # timed load starts for all threads at once.
        self.stop_at = float("inf")
        for thread in threads:
            thread.start()
        self.setup_finished.wait()
        self.locate()
        self.start = time.time()
        self.stop_at = self.start + args.duration
        print(f"checker: load started at {self.start:.3f}", flush=True)
        ready.set()
        for thread in threads:
            thread.join()
        return self.report()

    def setup_done(self):
        with self.lock:
            self.threads_ready += 1
            if self.threads_ready == self.args.clients:
                self.setup_finished.set()

    def report(self):
        shards = {name: stats.report() for name, stats in sorted(self.stats.items())}
        totals = {k: sum(s[k] for s in shards.values()) for k in ("ok", "miss", "wrong", "error")}
        return {"started": self.start, "ended": time.time(), "duration": self.args.duration,
                "clients": self.args.clients, "totals": totals, "shards": shards}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True, help="the proxy's port")
    parser.add_argument("--shard", action="append", default=[], metavar="NAME=HOST:PORT",
                        help="a shard's primary, asked directly which keys it holds (repeat per shard)")
    parser.add_argument("--duration", type=float, default=10, help="seconds of load")
    parser.add_argument("--clients", type=int, default=4, help="client threads")
    parser.add_argument("--keys", type=int, default=100, help="keys per client")
    parser.add_argument("--mget-share", type=float, default=0.1, help="share of MGETs")
    parser.add_argument("--pause", type=float, default=0, help="seconds between a thread's requests")
    parser.add_argument("--socket-timeout", type=float, default=5)
    parser.add_argument("--prefix", default="chk")
    parser.add_argument("--json", help="write the report here")
    args = parser.parse_args()
    report = Checker(args).run()
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=1)
    totals = report["totals"]
    print(f"checker: {sum(totals.values())} replies: {totals['ok']} ok, {totals['miss']} misses, "
          f"{totals['error']} errors, {totals['wrong']} wrong")
    for name, shard in report["shards"].items():
        line = f"  shard {name}: {shard['ok']} ok, {shard['miss']} misses, {shard['error']} errors, {shard['wrong']} wrong"
        if shard["error"]:
            line += (f"; errors from +{shard['first_error'] - report['started']:.2f}s"
                     f" to +{shard['last_error'] - report['started']:.2f}s, e.g. {shard['error_samples'][0]}")
        print(line)
        for sample in shard["wrong_samples"]:
            print(f"    WRONG: {sample}")
    sys.exit(1 if totals["wrong"] else 0)


if __name__ == "__main__":
    main()
