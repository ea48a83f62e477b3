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
import random
import shutil
import sys
import tempfile
import time

from soaklib.chaos import phase, warm_and_sample
from soaklib.checker import Client, Shared
from soaklib.processes import Drover, Redis


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
        baseline_fds = getattr(drover, "fds_at_sample", {})
        phase(max(0.0, started + args.duration - time.time()), models, shared, redises, drover, args, rng,
              events, samples)
        alive = drover.alive()
        final = warm_and_sample(drover, args.workers) if alive else (0, 0)
        status = drover.stop()
        elapsed = time.time() - started
        # drover reloads on SIGHUP once it can; the file written is always valid.
        reloads = drover.log_count("configuration reloaded")
        failed_reloads = drover.log_count("configuration reload failed")

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
            # Name them: the port a socket talks to says which backend, client or listener.
            final_fds = getattr(drover, "fds_at_sample", {})
            for fd in sorted(set(baseline_fds) | set(final_fds)):
                if baseline_fds.get(fd) != final_fds.get(fd):
                    print("soak: fd %d: %s -> %s" % (fd, baseline_fds.get(fd, "-"), final_fds.get(fd, "-")))
            print("soak: redis ports %s, drover port %d" % (" ".join(str(r.port) for r in redises), drover.port))
        if counts["requests"] == 0:
            failures.append("no request was answered")
        if failed_reloads:
            failures.append("%d reloads failed" % failed_reloads)

        print("soak: %.0f s, seed %d, %d clients, %d shards, %d workers" % (elapsed, seed, args.clients, args.shards, args.workers))
        print("soak: %(requests)d requests in %(batches)d batches; wrong replies %(wrong)d; stalls %(stalls)d; "
              "drover backend errors %(backend_errors)d; client hang-ups %(disconnects)d; keys retired %(retired)d" % counts)
        print("soak: backend restarts %d, freezes %d, SIGHUPs %d (reloads logged: %d applied, %d failed)" % (
            events.count("restart"), events.count("freeze"), events.count("sighup"), reloads, failed_reloads))
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
