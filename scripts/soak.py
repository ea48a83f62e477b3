#!/usr/bin/env python3
"""soak.py - run drover for a while under mixed traffic and churn, and check every reply.

Starts its own redis-servers and drover (loopback, free ports), then runs client threads
that send pipelined batches of mixed commands (SET, GET, MSET, MGET, DEL, EXISTS, INCR,
PING, ECHO, values up to 256 KiB) and verify each reply against what they wrote, while:

  - clients disconnect at random (mid-batch, mid-request, without reading),
  - a backend is killed and restarted, or frozen for a moment (SIGSTOP), now and then,
  - drover gets SIGHUP (with its config rewritten) now and then.

Each client owns its keys and every value names its key and a sequence number, so a reply
meant for another request or key, a stale value or a lost write is caught. Writes whose
outcome a client cannot know (it hung up, or got an error) retire the key: it is never
read again. A value may read as missing only after a backend restart.

drover's RSS and open fds are sampled twice while quiet (no clients, backend connections
warmed): after a warm-up and at the end. The run passes with 0 wrong replies, 0 stalls,
drover alive, fds at the end <= after warm-up, and RSS grown by at most
max(8 MiB, 20%).

    scripts/soak.py --drover .build/release/drover --duration 1800     # make soak
    scripts/soak.py --drover .build/debug/drover --duration 30         # the short form

Prints a summary ending in "soak: PASS" or "soak: FAIL (...)"; exit status 0 on PASS.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

# ----------------------------------------------------------------------------- RESP


def encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        elif isinstance(a, int):
            a = str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class RespError(str):
    """An error reply (its text without the leading '-')."""


class Stall(Exception):
    """No reply within the read timeout, or the connection closed under a client."""


class Conn:
    def __init__(self, port, timeout):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.pos = 0

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        try:
            chunk = self.sock.recv(262144)
        except socket.timeout:
            raise Stall("timed out waiting for a reply")
        except OSError as e:
            raise Stall("recv: %s" % e)
        if not chunk:
            raise Stall("connection closed by drover")
        if self.pos > 65536:
            del self.buf[: self.pos]
            self.pos = 0
        self.buf += chunk

    def _line(self):
        while True:
            end = self.buf.find(b"\r\n", self.pos)
            if end >= 0:
                line = bytes(self.buf[self.pos : end])
                self.pos = end + 2
                return line
            self._fill()

    def read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return RespError(rest.decode(errors="replace"))
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) - self.pos < n + 2:
                self._fill()
            data = bytes(self.buf[self.pos : self.pos + n])
            if self.buf[self.pos + n : self.pos + n + 2] != b"\r\n":
                raise Stall("bulk not followed by CRLF")
            self.pos += n + 2
            return data
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise Stall("unexpected reply line %r" % line[:80])


# ----------------------------------------------------------------------------- processes


def free_port():
    for _ in range(200):
        port = random.randint(20000, 32767)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port")


def wait_ping(port, deadline=15.0):
    end = time.time() + deadline
    while time.time() < end:
        try:
            c = Conn(port, 1)
            c.send(encode("PING"))
            ok = c.read() == "PONG"
            c.close()
            if ok:
                return True
        except (OSError, Stall):
            pass
        time.sleep(0.05)
    return False


class Redis:
    def __init__(self, directory, index):
        self.dir = os.path.join(directory, "redis%d" % index)
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        self.proc = None
        self.start()

    def start(self):
        log = open(os.path.join(self.dir, "redis.log"), "ab")
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir],
            stdout=log, stderr=log, start_new_session=True)
        log.close()
        if not wait_ping(self.port):
            raise RuntimeError("redis-server on %d did not start" % self.port)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait()

    def pause(self):
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self):
        self.proc.send_signal(signal.SIGCONT)


class Drover:
    def __init__(self, binary, directory, ports, workers):
        self.dir = directory
        self.config = os.path.join(directory, "drover.yml")
        self.port = free_port()
        self.ports = ports
        self.workers = workers
        self.generation = 0
        self.write_config()
        self.log = open(os.path.join(directory, "drover.log"), "wb")
        self.proc = subprocess.Popen(
            [binary, "--config", self.config, "--stats-listen", "127.0.0.1:%d" % free_port()],
            stdout=self.log, stderr=self.log, start_new_session=True)
        if not wait_ping(self.port):
            raise RuntimeError("drover did not start; log:\n" + self.log_text())

    def write_config(self):
        # A reload changes something harmless each time, so it has work to do.
        timeout = 1000 + 100 * (self.generation % 3)
        lines = [
            "workers: %d" % self.workers,
            "soak:",
            "  listen: 127.0.0.1:%d" % self.port,
            "  hash: fnv1a_64",
            "  distribution: ketama",
            "  timeout: %d" % timeout,
            "  server_retry_timeout: 200",
            "  server_failure_limit: 1",
            "  client_timeout: 60000",
            "  max_client_output: 64mb",
            "  servers:",
        ] + ["    - 127.0.0.1:%d:1 s%d" % (p, i) for i, p in enumerate(self.ports)]
        tmp = self.config + ".tmp"
        with open(tmp, "w") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(tmp, self.config)

    def reload(self):
        self.generation += 1
        self.write_config()
        self.proc.send_signal(signal.SIGHUP)

    def alive(self):
        return self.proc.poll() is None

    def sample(self):
        """(RSS in KiB, open fds) from /proc."""
        pid = self.proc.pid
        rss = 0
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        fds = len(os.listdir("/proc/%d/fd" % pid))
        return rss, fds

    def log_text(self):
        self.log.flush()
        with open(os.path.join(self.dir, "drover.log"), "rb") as f:
            return f.read().decode(errors="replace")[-4000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()
            try:
                return self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return self.proc.wait()
        return self.proc.returncode


# ----------------------------------------------------------------------------- checking


class Shared:
    def __init__(self):
        self.lock = threading.Lock()
        self.restarts = 0          # backend restart epoch: values may vanish after it moves
        self.last_restart = 0.0
        self.stop = threading.Event()
        self.counts = {"requests": 0, "batches": 0, "wrong": 0, "stalls": 0, "backend_errors": 0,
                       "disconnects": 0, "retired": 0}
        self.problems = []

    def add(self, **kw):
        with self.lock:
            for k, v in kw.items():
                self.counts[k] += v

    def problem(self, text):
        with self.lock:
            self.counts["wrong"] += 1
            if len(self.problems) < 50:
                self.problems.append(text)


class Key:
    """What a client knows about one of its keys."""

    __slots__ = ("base", "gen", "value", "epoch", "confirmed_at")

    def __init__(self, base):
        self.base = base
        self.gen = 0
        self.value = None   # bytes, int (counter) or None (absent)
        self.epoch = 0      # restart epoch when the request that set `value` was sent
        self.confirmed_at = 0.0

    @property
    def name(self):
        return "%s:g%d" % (self.base, self.gen)

    def retire(self):
        """Its last write's outcome is unknown: use a fresh name from now on."""
        self.gen += 1
        self.value = None
        self.epoch = -1     # a fresh key: absent for sure, whatever the epoch


class Client(threading.Thread):
    def __init__(self, index, port, shared, args, rng_seed):
        super().__init__(daemon=True)
        self.index = index
        self.port = port
        self.shared = shared
        self.args = args
        self.rng = random.Random(rng_seed)
        self.keys = [Key("soak:%d:k%d" % (index, i)) for i in range(48)]
        self.counters = [Key("soak:%d:n%d" % (index, i)) for i in range(6)]
        self.seq = 0
        self.conn = None
        self.send_epoch = 0

    # A check is (description, validate(reply) -> error text or None, on_success(reply)).

    def value_for(self, key):
        self.seq += 1
        size = self.rng.choice([8, 8, 8, 100, 1000]) if self.rng.random() > 0.01 else self.rng.randint(16384, 262144)
        head = ("%s=%d:" % (key.name, self.seq)).encode()
        return head + b"x" * max(0, size - len(head))

    def may_be_absent(self, key):
        return key.value is None or self.shared.restarts > key.epoch

    def expect_value(self, key, reply):
        if reply == key.value:
            return True
        return reply is None and self.may_be_absent(key)

    def ages(self, key):
        now = time.time()
        last = self.shared.last_restart
        return " (confirmed %.2f s ago; last backend restart %s)" % (
            now - key.confirmed_at, "%.2f s ago" % (now - last) if last else "never")

    def confirm(self, key, value):
        # The epoch when the batch was sent, not now: a backend killed after applying the
        # write and before this thread got to its reply loses the value all the same.
        key.value = value
        key.epoch = self.send_epoch
        key.confirmed_at = time.time()

    def plan(self):
        """One batch: a list of (bytes, checker, writes) with writes = keys it changes."""
        ops = []
        for _ in range(self.rng.randint(1, 12)):
            r = self.rng.random()
            if r < 0.30:
                k = self.rng.choice(self.keys)
                v = self.value_for(k)
                ops.append((encode("SET", k.name, v), ("set", k, v), [(k, k.gen)]))
            elif r < 0.55:
                k = self.rng.choice(self.keys)
                ops.append((encode("GET", k.name), ("get", k), []))
            elif r < 0.63:
                ks = self.rng.sample(self.keys, self.rng.randint(2, 6))
                vs = [self.value_for(k) for k in ks]
                args = ["MSET"]
                for k, v in zip(ks, vs):
                    args += [k.name, v]
                ops.append((encode(*args), ("mset", ks, vs), [(k, k.gen) for k in ks]))
            elif r < 0.75:
                ks = self.rng.sample(self.keys, self.rng.randint(2, 8))
                ops.append((encode("MGET", *[k.name for k in ks]), ("mget", ks), []))
            elif r < 0.80:
                ks = self.rng.sample(self.keys, self.rng.randint(1, 3))
                ops.append((encode("DEL", *[k.name for k in ks]), ("del", ks), [(k, k.gen) for k in ks]))
            elif r < 0.85:
                ks = self.rng.sample(self.keys, self.rng.randint(1, 4))
                ops.append((encode("EXISTS", *[k.name for k in ks]), ("exists", ks), []))
            elif r < 0.94:
                k = self.rng.choice(self.counters)
                ops.append((encode("INCR", k.name), ("incr", k), [(k, k.gen)]))
            elif r < 0.97:
                ops.append((encode("PING"), ("ping",), []))
            else:
                text = "echo-%d-%d" % (self.index, self.rng.randint(0, 1 << 30))
                ops.append((encode("ECHO", text), ("echo", text.encode()), []))
        return ops

    def check(self, op, reply):
        """Validates one reply; returns an error description or None. Updates the model."""
        kind = op[0]
        if isinstance(reply, RespError):
            if not reply.startswith("ERR drover:"):
                return "%s got an unexpected error %r" % (kind, reply)
            self.shared.add(backend_errors=1)
            return "RETIRE"
        if kind == "set":
            _, k, v = op
            if reply != "OK":
                return "SET %s -> %r" % (k.name, reply)
            self.confirm(k, v)
        elif kind == "get":
            k = op[1]
            if not self.expect_value(k, reply):
                return "GET %s -> %r, expected %r%s" % (k.name, short(reply), short(k.value), self.ages(k))
            if reply is None:
                self.confirm(k, None)
        elif kind == "mset":
            _, ks, vs = op
            if reply != "OK":
                return "MSET -> %r" % (reply,)
            for k, v in zip(ks, vs):
                self.confirm(k, v)
        elif kind == "mget":
            ks = op[1]
            if not isinstance(reply, list) or len(reply) != len(ks):
                return "MGET %d keys -> %r" % (len(ks), short(reply))
            for k, r in zip(ks, reply):
                if not self.expect_value(k, r):
                    return "MGET %s -> %r, expected %r%s" % (k.name, short(r), short(k.value), self.ages(k))
                if r is None:
                    self.confirm(k, None)
        elif kind == "del":
            ks = op[1]
            low = sum(1 for k in ks if not self.may_be_absent(k))
            high = sum(1 for k in ks if k.value is not None)
            if not isinstance(reply, int) or not low <= reply <= high:
                return "DEL %d keys -> %r, expected %d..%d" % (len(ks), reply, low, high)
            for k in ks:
                self.confirm(k, None)
        elif kind == "exists":
            ks = op[1]
            low = sum(1 for k in ks if not self.may_be_absent(k))
            high = sum(1 for k in ks if k.value is not None)
            if not isinstance(reply, int) or not low <= reply <= high:
                return "EXISTS %d keys -> %r, expected %d..%d" % (len(ks), reply, low, high)
        elif kind == "incr":
            k = op[1]
            expected = (k.value or 0) + 1
            if reply != expected and not (reply == 1 and self.may_be_absent(k)):
                return "INCR %s -> %r, expected %d" % (k.name, reply, expected)
            self.confirm(k, reply)
        elif kind == "ping":
            if reply != "PONG":
                return "PING -> %r" % (reply,)
        elif kind == "echo":
            if reply != op[1]:
                return "ECHO -> %r, expected %r" % (short(reply), op[1])
        return None

    def connect(self):
        if self.conn is None:
            self.conn = Conn(self.port, self.args.read_timeout)

    def drop(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def retire(self, writes):
        for k, gen in writes:
            if k.gen == gen:
                k.retire()
                self.shared.add(retired=1)

    def abandon(self, ops):
        for _, _, writes, _ in ops:
            self.retire(writes)

    def one_batch(self):
        # Each op also records the generation of every key it names: a key retired by an
        # earlier reply of the same batch was sent under its old name, and what this op
        # does to it can no longer be checked.
        ops = [(data, op, writes, op_keys_gens(op)) for data, op, writes in self.plan()]
        payload = b"".join(o[0] for o in ops)
        self.connect()
        if self.rng.random() < self.args.disconnect_rate:
            # Hang up in one of four ways; the writes of this batch have unknown outcomes.
            how = self.rng.randint(0, 3)
            try:
                if how == 0:
                    self.conn.send(payload)
                elif how == 1:
                    self.conn.send(payload[: max(1, len(payload) // 2)])
                elif how == 2:
                    self.conn.send(payload)
                    for op in ops[: len(ops) // 2]:
                        self.conn.read()
            except (OSError, Stall):
                pass
            self.drop()
            self.abandon(ops)
            self.shared.add(disconnects=1)
            return
        self.send_epoch = self.shared.restarts
        try:
            self.conn.send(payload)
        except OSError as e:
            self.shared.add(stalls=1)
            self.shared.problem("client %d: send failed: %s" % (self.index, e))
            self.drop()
            self.abandon(ops)
            return
        for i, (_, op, writes, gens) in enumerate(ops):
            try:
                reply = self.conn.read()
            except Stall as e:
                self.shared.add(stalls=1)
                self.shared.problem("client %d: %s (reply %d of %d)" % (self.index, e, i + 1, len(ops)))
                self.drop()
                self.abandon(ops[i:])
                return
            if any(k.gen != gen for k, gen in gens):
                self.retire(writes)
                continue
            verdict = self.check(op, reply)
            if verdict == "RETIRE":
                self.retire(writes)
            elif verdict is not None:
                self.shared.problem("client %d: %s" % (self.index, verdict))
        self.shared.add(requests=len(ops), batches=1)

    def run(self):
        while not self.shared.stop.is_set():
            try:
                self.one_batch()
            except Exception as e:  # a bug in the checker itself must not pass silently
                self.shared.problem("client %d: checker crashed: %r" % (self.index, e))
                self.drop()
                time.sleep(0.1)
        self.drop()


def op_keys_gens(op):
    """(key, generation) for every key an op names."""
    kind = op[0]
    if kind in ("set", "get", "incr"):
        return [(op[1], op[1].gen)]
    if kind in ("mset", "mget", "del", "exists"):
        return [(k, k.gen) for k in op[1]]
    return []


def short(value):
    if isinstance(value, (bytes, bytearray)) and len(value) > 40:
        return bytes(value[:40]) + b"...(%d bytes)" % len(value)
    return value


# ----------------------------------------------------------------------------- chaos


def chaos(shared, redises, drover, args, rng, events):
    next_restart = time.time() + rng.uniform(0.5, 1.5) * args.restart_every
    next_hup = time.time() + args.hup_every
    while not shared.stop.wait(0.1):
        now = time.time()
        if args.restart_every > 0 and now >= next_restart:
            r = rng.choice(redises)
            if rng.random() < 0.5:
                with shared.lock:
                    shared.restarts += 1
                    shared.last_restart = time.time()
                r.kill()
                time.sleep(rng.uniform(0.2, 1.5))
                r.start()
                events.append("restart")
                with shared.lock:
                    shared.restarts += 1
            else:
                r.pause()
                time.sleep(rng.uniform(0.5, 2.0))
                r.resume()
                events.append("freeze")
            next_restart = time.time() + rng.uniform(0.5, 1.5) * args.restart_every
        if args.hup_every > 0 and now >= next_hup:
            drover.reload()
            events.append("sighup")
            next_hup = now + args.hup_every


def warm_and_sample(drover, workers):
    """Uses every worker's connection to every shard, then samples RSS and fds."""
    for i in range(4 * workers):
        c = Conn(drover.port, 10)
        c.send(b"".join(encode("GET", "soak:warm:%d:%d" % (i, j)) for j in range(64)))
        for _ in range(64):
            c.read()
        c.close()
    time.sleep(1.0)
    return drover.sample()


def phase(seconds, models, shared, redises, drover, args, rng, events, samples):
    """Runs client threads (one per key model, each on a fresh thread) and the chaos
    thread for `seconds`, sampling drover as it goes; returns the clients."""
    shared.stop.clear()
    clients = []
    for model in models:
        c = Client(model.index, drover.port, shared, args, rng.randrange(1 << 30))
        c.keys, c.counters, c.seq = model.keys, model.counters, model.seq
        clients.append(c)
    for c in clients:
        c.start()
    ch = threading.Thread(target=chaos, args=(shared, redises, drover, args, rng, events), daemon=True)
    ch.start()
    end = time.time() + seconds
    while time.time() < end and drover.alive():
        time.sleep(min(args.sample_every, max(0.0, end - time.time())))
        if drover.alive():
            samples.append((round(time.time(), 1),) + drover.sample())
    shared.stop.set()
    ch.join()
    for c in clients:
        c.join(args.read_timeout + 5)
    for r in redises:
        r.resume()
    return clients


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--drover", required=True, help="drover binary")
    ap.add_argument("--duration", type=float, default=1800, help="seconds (default 1800)")
    ap.add_argument("--clients", type=int, default=24)
    ap.add_argument("--shards", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--restart-every", type=float, default=20, help="mean seconds between backend kills/freezes (0: never)")
    ap.add_argument("--hup-every", type=float, default=7, help="seconds between SIGHUPs (0: never)")
    ap.add_argument("--disconnect-rate", type=float, default=0.02, help="share of batches that hang up")
    ap.add_argument("--sample-every", type=float, default=5)
    ap.add_argument("--read-timeout", type=float, default=10)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--report", help="write a JSON report here")
    args = ap.parse_args()

    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    directory = tempfile.mkdtemp(prefix="drover-soak.")
    redises, drover = [], None
    started = time.time()
    try:
        redises = [Redis(directory, i) for i in range(args.shards)]
        drover = Drover(args.drover, directory, [r.port for r in redises], args.workers)
        shared = Shared()
        events, samples = [], []
        models = [Client(i, drover.port, shared, args, 0) for i in range(args.clients)]
        warmup = min(60.0, args.duration * 0.2)
        models = phase(warmup, models, shared, redises, drover, args, rng, events, samples)
        baseline = warm_and_sample(drover, args.workers) if drover.alive() else (0, 0)
        phase(max(0.0, started + args.duration - time.time()), models, shared, redises, drover, args, rng,
              events, samples)
        alive = drover.alive()
        final = warm_and_sample(drover, args.workers) if alive else (0, 0)
        status = drover.stop()
        elapsed = time.time() - started

        counts = dict(shared.counts)
        rss_growth = final[0] - baseline[0]
        rss_ok = rss_growth <= max(8 * 1024, baseline[0] * 0.2)
        fds_ok = final[1] <= baseline[1]
        failures = []
        if not alive:
            failures.append("drover died")
        if status != 0:
            failures.append("drover exited with %s on SIGTERM" % status)
        if counts["wrong"]:
            failures.append("%d wrong replies" % counts["wrong"])
        if counts["stalls"]:
            failures.append("%d stalls" % counts["stalls"])
        if not rss_ok:
            failures.append("RSS grew %d KiB" % rss_growth)
        if not fds_ok:
            failures.append("fds grew from %d to %d" % (baseline[1], final[1]))
        if counts["requests"] == 0:
            failures.append("no request was answered")

        print("soak: %.0f s, seed %d, %d clients, %d shards, %d workers" % (elapsed, seed, args.clients, args.shards, args.workers))
        print("soak: %(requests)d requests in %(batches)d batches; wrong replies %(wrong)d; stalls %(stalls)d; "
              "drover backend errors %(backend_errors)d; client hang-ups %(disconnects)d; keys retired %(retired)d" % counts)
        print("soak: backend restarts %d, freezes %d, SIGHUPs %d" % (
            events.count("restart"), events.count("freeze"), events.count("sighup")))
        print("soak: drover RSS %d KiB -> %d KiB, open fds %d -> %d (quiet, after warm-up -> at the end)" % (
            baseline[0], final[0], baseline[1], final[1]))
        if samples:
            print("soak: while running, RSS %d..%d KiB, fds %d..%d" % (
                min(s[1] for s in samples), max(s[1] for s in samples),
                min(s[2] for s in samples), max(s[2] for s in samples)))
        for p in shared.problems[:20]:
            print("soak: problem: %s" % p)
        if failures and drover is not None:
            print("soak: drover log tail:\n" + drover.log_text())
        if args.report:
            with open(args.report, "w") as f:
                json.dump({"seed": seed, "seconds": elapsed, "counts": counts, "events": {
                    e: events.count(e) for e in ("restart", "freeze", "sighup")},
                    "baseline": baseline, "final": final, "samples": samples,
                    "problems": shared.problems, "failures": failures}, f, indent=1)
        print("soak: PASS" if not failures else "soak: FAIL (%s)" % "; ".join(failures))
        return 0 if not failures else 1
    finally:
        if drover is not None and drover.alive():
            drover.stop()
        for r in redises:
            r.kill()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
