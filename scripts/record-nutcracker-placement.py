#!/usr/bin/env python3
"""Record where a live nutcracker (twemproxy) places keys, as a Swift test fixture.

drover must place keys exactly as twemproxy does. This script starts five
loopback redis-servers and one nutcracker with many pools (every hash function
x ketama/modula, named and unnamed servers, unequal weights, hash tags), writes
the same set of keys through each pool, asks every redis-server directly which
keys it holds, and writes the result to
Tests/DroverCoreTests/Hashing/NutcrackerPlacementFixture.swift.

The fixture records each pool's ring inputs by ketama NAME and WEIGHT. Unnamed
servers are named "host:port" (or just "host" for port 11211) by twemproxy, so
the backends listen on FIXED ports: 11211 and 26380-26383 must be free.

Usage: scripts/record-nutcracker-placement.py [output.swift]
Needs: redis-server, redis-cli and nutcracker on PATH (or /usr/sbin).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HOST = "127.0.0.1"
BACKEND_PORTS = [11211, 26380, 26381, 26382, 26383]

HASHES = ["one_at_a_time", "md5", "crc16", "crc32", "crc32a", "fnv1_64",
          "fnv1a_64", "fnv1_32", "fnv1a_32", "hsieh", "murmur", "jenkins"]

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "Tests", "DroverCoreTests", "Hashing",
                           "NutcrackerPlacementFixture.swift")


def make_keys():
    """300 deterministic keys: varied lengths (every tail case of the block
    hashes), bytes >= 0x80 (signed-char handling), and hash-tag edge cases."""
    keys = ["apple", "a", "ab", "abc", "abcd", "abcde"]
    keys += ["k" * n for n in range(6, 41, 3)]
    keys += ["key:%d" % i for i in range(60)]
    keys += ["user:%d:profile" % (i * 7919) for i in range(30)]
    keys += ["ключ-%d" % i for i in range(15)]
    keys += ["中文键%d" % i for i in range(15)]
    keys += ["café·%d·ü" % i for i in range(10)]
    keys += ["\u00ff\u00fe%d" % i for i in range(5)]
    keys += ["user{%d}:name" % i for i in range(20)]
    keys += ["{tag%d}suffix" % i for i in range(10)]
    keys += ["prefix{%d}" % i for i in range(5)]
    keys += ["empty{}%d" % i for i in range(5)]
    keys += ["open{only%d" % i for i in range(5)]
    keys += ["close}first{%d}" % i for i in range(5)]
    keys += ["{a%d}{b}" % i for i in range(5)]
    keys += ["{{%d}}" % i for i in range(5)]
    keys += ["x{}{y%d}" % i for i in range(5)]
    keys += ["{%d" % i for i in range(3)]
    keys += ["}%d{" % i for i in range(3)]
    keys += ["a:%d:b" % i for i in range(10)]
    keys += ["::%d" % i for i in range(5)]
    keys += [":x%d:" % i for i in range(5)]
    keys += ["sp ace %d" % i for i in range(5)]
    keys += ["{ключ%d}тег" % i for i in range(5)]
    while len(keys) < 300:
        keys.append("filler/%d/%s" % (len(keys), "z" * (len(keys) % 17)))
    assert len(keys) == 300 and len(set(keys)) == 300
    return keys


def pool_specs():
    """Each spec: (pool name, hash, distribution, hash_tag or None,
    [(backend port, weight, server name or None)])."""
    named3 = [(BACKEND_PORTS[i], 1, "s%d" % i) for i in range(3)]
    unnamed3 = [(BACKEND_PORTS[i], i + 1, None) for i in range(3)]
    # 1/25 of the weight: Float32 gives 7.9999995 points/4 where exact maths
    # gives 8, so this pool only matches if drover rounds exactly like C.
    weighted5 = [(BACKEND_PORTS[i], w, "d%d" % i)
                 for i, w in enumerate([1, 6, 6, 6, 6])]
    specs = []
    for dist in ("ketama", "modula"):
        for h in HASHES:
            specs.append(("named_%s_%s" % (h, dist), h, dist, None, named3))
            specs.append(("unnamed_%s_%s" % (h, dist), h, dist, None, unnamed3))
            specs.append(("weighted_%s_%s" % (h, dist), h, dist, None, weighted5))
    specs.append(("tag_fnv1a_64_ketama", "fnv1a_64", "ketama", "{}", named3))
    specs.append(("tag_md5_modula", "md5", "modula", "{}", named3))
    specs.append(("tag_murmur_ketama_unnamed", "murmur", "ketama", "{}", unnamed3))
    specs.append(("tag_colons_crc32a_ketama", "crc32a", "ketama", "::", weighted5))
    return specs


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_busy(port):
    with socket.socket() as s:
        return s.connect_ex((HOST, port)) == 0


def wait_listening(port, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if port_busy(port):
            return
        time.sleep(0.05)
    raise RuntimeError("nothing listens on %s:%d" % (HOST, port))


def encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


class Conn:
    """Minimal RESP client: enough for SET, FLUSHALL and KEYS."""

    def __init__(self, port):
        self.sock = socket.create_connection((HOST, port), timeout=10)
        self.buf = b""

    def close(self):
        self.sock.close()

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("connection closed")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError("error reply: %s" % rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n)
        if kind == b"*":
            return [self.reply() for _ in range(int(rest))]
        raise RuntimeError("bad reply %r" % line)

    def pipeline(self, commands):
        self.sock.sendall(b"".join(encode(*c) for c in commands))
        return [self.reply() for _ in commands]


def write_conf(path, specs, listen_ports):
    lines = []
    for (name, h, dist, tag, servers), port in zip(specs, listen_ports):
        lines.append("%s:" % name)
        lines.append("  listen: %s:%d" % (HOST, port))
        lines.append("  hash: %s" % h)
        lines.append("  distribution: %s" % dist)
        if tag is not None:
            lines.append('  hash_tag: "%s"' % tag)
        lines.append("  redis: true")
        lines.append("  auto_eject_hosts: false")
        lines.append("  timeout: 5000")
        lines.append("  servers:")
        for bport, weight, sname in servers:
            entry = "%s:%d:%d" % (HOST, bport, weight)
            if sname is not None:
                entry += " " + sname
            lines.append("   - %s" % entry)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def ketama_name(port, name):
    if name is not None:
        return name
    return HOST if port == 11211 else "%s:%d" % (HOST, port)


def swift_string(s):
    out = []
    for ch in s:
        if ch in "\\\"":
            out.append("\\" + ch)
        elif 0x20 <= ord(ch) < 0x7f:
            out.append(ch)
        else:
            out.append("\\u{%x}" % ord(ch))
    return '"' + "".join(out) + '"'


def write_fixture(path, keys, specs, placements, version):
    w = []
    w.append("// Generated by scripts/record-nutcracker-placement.py from a live %s." % version)
    w.append("// Do not edit by hand: rerun the script to regenerate.")
    w.append("")
    w.append("/// Where a live nutcracker placed each of `keys`, pool by pool.")
    w.append("enum NutcrackerPlacementFixture {")
    w.append("    /// One server as nutcracker's ring saw it.")
    w.append("    struct Server {")
    w.append("        let name: String")
    w.append("        let weight: Int")
    w.append("    }")
    w.append("")
    w.append("    /// One pool: its ring inputs and, per key, the index of the server that held it.")
    w.append("    struct Pool {")
    w.append("        let name: String")
    w.append("        let hash: String")
    w.append("        let distribution: String")
    w.append("        let hashTag: String?")
    w.append("        let servers: [Server]")
    w.append("        /// One digit per entry of `keys`: the index in `servers` of the owner.")
    w.append("        let placements: String")
    w.append("    }")
    w.append("")
    w.append("    static let keys: [String] = [")
    for k in keys:
        w.append("        %s," % swift_string(k))
    w.append("    ]")
    w.append("")
    w.append("    static let pools: [Pool] = [")
    for (name, h, dist, tag, servers), placed in zip(specs, placements):
        tag_text = "nil" if tag is None else swift_string(tag)
        server_text = ", ".join(
            "Server(name: %s, weight: %d)" % (swift_string(ketama_name(p, n)), wt)
            for p, wt, n in servers)
        w.append("        Pool(")
        w.append("            name: %s, hash: %s, distribution: %s, hashTag: %s," %
                 (swift_string(name), swift_string(h), swift_string(dist), tag_text))
        w.append("            servers: [%s]," % server_text)
        w.append("            placements: \"\"\"")
        digits = "".join(str(d) for d in placed)
        for i in range(0, len(digits), 100):
            w.append("                %s\\" % digits[i:i + 100] if i + 100 < len(digits)
                     else "                %s" % digits[i:i + 100])
        w.append("                \"\"\"),")
    w.append("    ]")
    w.append("}")
    with open(path, "w") as f:
        f.write("\n".join(w) + "\n")


def find_tool(name):
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")
    if path is None:
        sys.exit("record-nutcracker-placement: %s not found" % name)
    return path


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    redis_server, redis_cli = find_tool("redis-server"), find_tool("redis-cli")
    nutcracker = find_tool("nutcracker")
    version = subprocess.run([nutcracker, "--version"], capture_output=True,
                             text=True).stderr.strip().splitlines()[0]
    version = version.replace("This is ", "")

    for p in BACKEND_PORTS:
        if port_busy(p):
            sys.exit("record-nutcracker-placement: port %d is busy" % p)

    keys = make_keys()
    specs = pool_specs()
    work = tempfile.mkdtemp(prefix="nutcracker-placement-")
    redis_procs = []
    nut = None
    try:
        for p in BACKEND_PORTS:
            redis_procs.append((p, subprocess.Popen(
                [redis_server, "--port", str(p), "--bind", HOST, "--save", "",
                 "--appendonly", "no", "--dir", work],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        for p in BACKEND_PORTS:
            wait_listening(p)

        listen_ports = []
        while len(listen_ports) < len(specs):
            p = free_port()
            if p not in listen_ports and p not in BACKEND_PORTS:
                listen_ports.append(p)
        conf = os.path.join(work, "nutcracker.yml")
        write_conf(conf, specs, listen_ports)
        stats = free_port()
        nut = subprocess.Popen(
            [nutcracker, "-c", conf, "-s", str(stats), "-a", HOST,
             "-o", os.path.join(work, "nutcracker.log"), "-v", "4",
             "-p", os.path.join(work, "nutcracker.pid")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for p in listen_ports:
            wait_listening(p)

        backends = {p: Conn(p) for p in BACKEND_PORTS}
        placements = []
        for spec, lport in zip(specs, listen_ports):
            name, _, _, _, servers = spec
            for c in backends.values():
                c.pipeline([["FLUSHALL"]])
            proxy = Conn(lport)
            replies = proxy.pipeline([["SET", k.encode(), b"v"] for k in keys])
            proxy.close()
            if any(r != "OK" for r in replies):
                raise RuntimeError("%s: SET failed: %r" % (name, replies[:5]))
            owner = {}
            for index, (bport, _, _) in enumerate(servers):
                for raw in backends[bport].pipeline([["KEYS", "*"]])[0]:
                    key = raw.decode()
                    if key in owner:
                        raise RuntimeError("%s: %r on two servers" % (name, key))
                    owner[key] = index
            missing = [k for k in keys if k not in owner]
            if missing:
                raise RuntimeError("%s: keys not found: %r" % (name, missing[:5]))
            placements.append([owner[k] for k in keys])
            print("%-32s %s" % (name, " ".join(
                str(placements[-1].count(i)) for i in range(len(servers)))))
        for c in backends.values():
            c.close()
        write_fixture(out, keys, specs, placements, version)
        print("wrote %s (%d pools x %d keys)" % (out, len(specs), len(keys)))
    finally:
        if nut is not None:
            nut.send_signal(signal.SIGTERM)
            try:
                nut.wait(timeout=5)
            except subprocess.TimeoutExpired:
                nut.kill()
                nut.wait()
        for p, proc in redis_procs:
            subprocess.run([redis_cli, "-h", HOST, "-p", str(p), "shutdown", "nosave"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
