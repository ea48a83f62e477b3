#!/usr/bin/env python3
"""Memory per idle client: drover beside nutcracker.

Starts one redis-server, nutcracker and drover (1 worker) on loopback ports, opens N
client connections to each proxy (each sends one PING and reads the reply, so the proxy
has set the client up), keeps them open, and reports each proxy's RSS before and after,
and the difference per client. Stops everything it started, by PID.

usage: scripts/idle-clients-rss.py [--clients 10000] [--drover .build/release/drover] [--base-port 7600]
"""
import argparse
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def wait_port(port, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on {port}")


def open_clients(port, count):
    clients = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"*1\r\n$4\r\nPING\r\n")
        clients.append(s)
    for s in clients:
        if s.recv(64) != b"+PONG\r\n":
            raise RuntimeError("unexpected reply")
    return clients


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=10000)
    ap.add_argument("--drover", default=".build/release/drover")
    ap.add_argument("--base-port", type=int, default=7600)
    args = ap.parse_args()

    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < args.clients + 100:
        sys.exit(f"fd hard limit {hard} is below {args.clients + 100}")

    b = args.base_port
    tmp = tempfile.mkdtemp(prefix="idle-rss.")
    procs = []
    try:
        redis = subprocess.Popen(["redis-server", "--port", str(b), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no"], stdout=subprocess.DEVNULL)
        procs.append(redis)
        wait_port(b)
        conf = os.path.join(tmp, "pool.yml")
        with open(conf, "w") as f:
            f.write(f"workers: 1\npool:\n  listen: 127.0.0.1:{b + 1}\n  hash: fnv1a_64\n"
                    f"  distribution: ketama\n  redis: true\n  servers:\n    - 127.0.0.1:{b}:1 s0\n")
        nut_conf = os.path.join(tmp, "nut.yml")
        with open(nut_conf, "w") as f:
            f.write(f"pool:\n  listen: 127.0.0.1:{b + 3}\n  hash: fnv1a_64\n  distribution: ketama\n"
                    f"  redis: true\n  servers:\n    - 127.0.0.1:{b}:1 s0\n")
        targets = {
            "nutcracker": (["nutcracker", "-c", nut_conf, "-s", str(b + 4), "-a", "127.0.0.1",
                            "-o", os.path.join(tmp, "nut.log"), "-v", "4"], b + 3),
            "drover": ([args.drover, "--config", conf, "--stats-listen", f"127.0.0.1:{b + 2}"], b + 1),
        }
        for name, (cmd, port) in targets.items():
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, name + ".err"), "w"))
            procs.append(proc)
            wait_port(port)
            open_clients(port, 1)  # warm up: the first client sets up backend connections
            time.sleep(0.5)
            before = rss_kib(proc.pid)
            clients = open_clients(port, args.clients)
            time.sleep(1)
            after = rss_kib(proc.pid)
            per = (after - before) * 1024 / args.clients
            print(f"{name:10s} RSS before {before} KiB, with {args.clients} idle clients {after} KiB: "
                  f"{per:.0f} bytes per client")
            for s in clients:
                s.close()
    finally:
        for p in procs:
            p.send_signal(signal.SIGKILL)
            p.wait()


if __name__ == "__main__":
    main()
