"""The redis-servers and the drover a soak runs, on free loopback ports."""

import os
import random
import signal
import socket
import subprocess
import time

from .resp import Conn, Stall, encode


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

    def fd_targets(self):
        """{fd: what it is}: files by path, TCP sockets by their two loopback ports."""
        sockets = {}
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                with open(table) as f:
                    for line in f.readlines()[1:]:
                        parts = line.split()
                        local, remote, inode = parts[1], parts[2], parts[9]
                        sockets[inode] = "tcp :%d -> :%d" % (int(local.split(":")[1], 16), int(remote.split(":")[1], 16))
            except FileNotFoundError:
                pass
        out = {}
        base = "/proc/%d/fd" % self.proc.pid
        for fd in os.listdir(base):
            try:
                target = os.readlink("%s/%s" % (base, fd))
            except OSError:
                continue
            if target.startswith("socket:["):
                target = sockets.get(target[8:-1], target)
            out[int(fd)] = target
        return out

    def log_count(self, text):
        """How many lines of drover's log contain `text`."""
        self.log.flush()
        with open(os.path.join(self.dir, "drover.log"), "rb") as f:
            return sum(1 for line in f if text.encode() in line)

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
