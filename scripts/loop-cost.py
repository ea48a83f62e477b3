#!/usr/bin/env python3
"""loop-cost.py - what one request costs a proxy's threads: CPU time and context switches.

The numbers the event-loop study in BENCHMARKS.md compares (the columns of the Dispatch
prototypes' table in ../shared/DESIGN.md): CPU microseconds and context switches per
request, with 50 clients, read from /proc while redis-benchmark runs against the proxy.
Throughput is printed beside them but resolves only about +-20% on this machine; CPU and
switches per request are the steadier figures.

It starts its own redis-servers (--shards, on free loopback ports, preloaded), then for each
target (nutcracker, and drover once per --drover-args entry) starts the proxy, warms it up,
and for each test and pipeline depth reads every thread's utime+stime
(/proc/PID/task/TID/stat) and voluntary+involuntary switches (/proc/PID/task/TID/status)
before and after one redis-benchmark run (median of --rounds interleaved rounds), and the redis-servers' CPU time too: how a proxy
batches requests onto its backend connections changes what Redis spends per request. Threads that live through the run are counted
(drover's workers and nutcracker's one thread do).

Usage:
  scripts/loop-cost.py [--drover BIN] [--drover-args '--workers 1' --drover-args '--workers 2']
                       [--tests get,set] [--pipeline 1,16] [--requests 200000] [--datasize 3]
                       [--rounds 3] [--no-nutcracker]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from soaklib.processes import Redis, free_port, wait_ping  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def thread_counters(pid):
    """{tid: (cpu seconds, context switches)} for every thread of `pid`."""
    out = {}
    base = "/proc/%d/task" % pid
    for tid in os.listdir(base):
        try:
            with open("%s/%s/stat" % (base, tid)) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14, 15)
            switches = 0
            with open("%s/%s/status" % (base, tid)) as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        switches += int(line.split()[1])
            out[tid] = (cpu, switches)
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return out


def delta(before, after):
    cpu = sum(after[t][0] - before[t][0] for t in after if t in before)
    switches = sum(after[t][1] - before[t][1] for t in after if t in before)
    return cpu, switches


def benchmark(port, test, pipeline, requests, keyspace, clients, datasize):
    n = requests * pipeline // 2 if pipeline > 1 else requests
    cmd = ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-c", str(clients), "-n", str(n),
           "-P", str(pipeline), "-r", str(keyspace), "-d", str(datasize), "--csv", "-t", test]
    started = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300).stdout
    elapsed = time.time() - started
    rps = 0.0
    for line in out.splitlines():
        parts = [p.strip('"') for p in line.split(",")]
        if len(parts) > 1 and parts[0] != "test":
            try:
                rps = float(parts[1])
            except ValueError:
                pass
    return n, rps or n / elapsed


def write_configs(directory, ports, drover_port, nutcracker_port):
    servers = ["    - 127.0.0.1:%d:1 s%d" % (p, i) for i, p in enumerate(ports)]
    pool = ["  redis: true", "  hash: fnv1a_64", "  distribution: ketama", "  servers:"] + servers
    drover = os.path.join(directory, "drover.yml")
    with open(drover, "w") as f:
        f.write("\n".join(["bench:", "  listen: 127.0.0.1:%d" % drover_port] + pool) + "\n")
    nutcracker = os.path.join(directory, "nutcracker.yml")
    with open(nutcracker, "w") as f:
        f.write("\n".join(["bench:", "  listen: 127.0.0.1:%d" % nutcracker_port] + pool) + "\n")
    return drover, nutcracker


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--drover", default=".build/release/drover")
    ap.add_argument("--drover-args", action="append", help="one drover target per use (default: '')")
    ap.add_argument("--no-nutcracker", action="store_true")
    ap.add_argument("--shards", type=int, default=3)
    ap.add_argument("--tests", default="get,set")
    ap.add_argument("--pipeline", default="1,16")
    ap.add_argument("--requests", type=int, default=200000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds; each figure is the median")
    ap.add_argument("--keyspace", type=int, default=10000)
    ap.add_argument("--datasize", type=int, default=3, help="value size for SET and the preloaded keys")
    args = ap.parse_args()

    directory = tempfile.mkdtemp(prefix="loop-cost.")
    redises, running = [], []
    try:
        redises = [Redis(directory, i) for i in range(args.shards)]
        for r in redises:
            subprocess.run(["redis-benchmark", "-p", str(r.port), "-t", "set", "-n", str(args.keyspace),
                            "-r", str(args.keyspace), "-d", str(args.datasize), "-q"], capture_output=True, check=True)
        drover_port, nutcracker_port = free_port(), free_port()
        drover_yml, nutcracker_yml = write_configs(directory, [r.port for r in redises], drover_port, nutcracker_port)
        targets = [] if args.no_nutcracker else [
            ("nutcracker", ["nutcracker", "-c", nutcracker_yml, "-s", str(free_port()), "-a", "127.0.0.1",
                            "-o", os.path.join(directory, "nutcracker.log"), "-v", "4"], nutcracker_port)]
        for extra in args.drover_args or [""]:
            targets.append(("drover " + extra if extra else "drover",
                            [args.drover, "--config", drover_yml, "--stats-listen", "127.0.0.1:%d" % free_port()]
                            + extra.split(), drover_port))
        results = {}  # (target index, test, P) -> [(rps, cpu, switches, redis cpu)] over rounds
        for round_ in range(args.rounds):
            # Each round starts at the next target, so no target always runs first or last.
            for k in range(len(targets)):
                index = (k + round_) % len(targets)
                name, cmd, port = targets[index]
                log = open(os.path.join(directory, "proxy.log"), "ab")
                proc = subprocess.Popen(cmd, stdout=log, stderr=log, start_new_session=True)
                running.append(proc)
                if not wait_ping(port):
                    raise RuntimeError("%s did not start" % name)
                benchmark(port, "get", 16, 20000, args.keyspace, args.clients, args.datasize)  # warm every connection
                for test in args.tests.split(","):
                    for pipeline in (int(p) for p in args.pipeline.split(",")):
                        before = thread_counters(proc.pid)
                        redis_before = [thread_counters(r.proc.pid) for r in redises]
                        n, rps = benchmark(port, test, pipeline, args.requests, args.keyspace, args.clients, args.datasize)
                        cpu, switches = delta(before, thread_counters(proc.pid))
                        redis_cpu = sum(delta(b, thread_counters(r.proc.pid))[0] for b, r in zip(redis_before, redises))
                        results.setdefault((index, test, pipeline), []).append(
                            (rps, cpu * 1e6 / n, switches / n, redis_cpu * 1e6 / n))
                        print("round %d: %s %s P%d: %.0f req/s" % (round_ + 1, name, test, pipeline, rps),
                              file=sys.stderr, flush=True)
                proc.kill()
                proc.wait()
                running.remove(proc)
        print("| target | test | P | req/s | proxy CPU us/req | proxy ctx switches/req | redis-servers CPU us/req |")
        print("|---|---|---|---|---|---|---|")
        for (index, test, pipeline), rows in sorted(results.items()):
            median = [sorted(column)[len(column) // 2] for column in zip(*rows)]
            print("| %s | %s | %d | %.0f | %.2f | %.3f | %.2f |" % ((targets[index][0], test, pipeline) + tuple(median)))
    finally:
        for proc in running:
            proc.kill()
            proc.wait()
        for r in redises:
            r.kill()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
