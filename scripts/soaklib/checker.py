"""Client threads that send mixed batches and check every reply against what they wrote."""

import random
import threading
import time

from .resp import Conn, RespError, Stall, encode


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
