"""Backend kills, restarts and freezes, SIGHUPs, and the quiet samples of drover's RSS and fds."""

import threading
import time

from .checker import Client
from .resp import Conn, encode


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
    drover.fds_at_sample = drover.fd_targets()
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
