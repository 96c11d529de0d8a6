"""The web server of the load benchmark and the fault drills: gunicorn with the production
settings (scripts/bench_settings.py) on a free loopback port, with what the runs read of it
(its workers from /proc, the connections each holds, its log), stopped by its own process ids.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from loadkit import ROOT


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn on 127.0.0.1:<free port>, stopped by its own process ids."""

    def __init__(self, app, env, logfile, workers=3, threads=4):
        self.app, self.env, self.logfile = app, env, Path(logfile)
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def command(self):
        # The flags of docs/deploy.md's systemd unit, on loopback.
        return [
            sys.executable, "-m", "gunicorn", self.app,
            "--bind", f"127.0.0.1:{self.port}",
            "--worker-class", "gthread",
            "--workers", str(self.workers), "--threads", str(self.threads),
            "--timeout", "30", "--graceful-timeout", "20", "--keep-alive", "5",
            "--max-requests", "10000", "--max-requests-jitter", "1000",
            "--log-level", "warning",
        ]

    def start(self, timeout=60):
        self.output = self.logfile.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
            self.command(), env=self.env, cwd=ROOT, stdout=self.output,
            stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout=60):
        import httpx

        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start-up:\n{self.log_tail()}")
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {timeout} s:\n{self.log_tail()}")

    def worker_pids(self):
        """The master's children, from /proc (no process is looked up by name)."""
        if self.process is None:
            return []
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The second field (the command) is in brackets and may hold spaces.
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == self.process.pid:
                children.append(int(entry.name))
        return sorted(children)

    def connections_by_worker(self):
        """How many established client connections each worker holds right now: a gthread
        worker keeps the connections it accepted, so these are its requests in progress (or
        kept alive). From /proc/net/tcp and each worker's open sockets."""
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                lines = Path(table).read_text().splitlines()[1:]
            except OSError:
                continue
            for line in lines:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "01" and int(local.rsplit(":", 1)[1], 16) == self.port:
                    inodes.add(inode)
        counts = {}
        for pid in self.worker_pids():
            held = 0
            try:
                descriptors = os.listdir(f"/proc/{pid}/fd")
            except OSError:
                continue
            for descriptor in descriptors:
                try:
                    link = os.readlink(f"/proc/{pid}/fd/{descriptor}")
                except OSError:
                    continue
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    held += 1
            counts[pid] = held
        return counts

    def worker_with_database_port(self, port):
        """The worker whose database connection uses local TCP port `port` (PostgreSQL's
        pg_stat_activity.client_port), or None."""
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                lines = Path(table).read_text().splitlines()[1:]
            except OSError:
                continue
            for line in lines:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(fields[9])
        for pid in self.worker_pids():
            try:
                descriptors = os.listdir(f"/proc/{pid}/fd")
            except OSError:
                continue
            for descriptor in descriptors:
                try:
                    link = os.readlink(f"/proc/{pid}/fd/{descriptor}")
                except OSError:
                    continue
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return pid
        return None

    def stop(self):
        if self.process is None:
            return
        workers = self.worker_pids()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        for pid in workers:  # normally gone with the master; make sure
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process = None
        self.output.close()

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_problems(self, limit=20):
        """Lines of the server's log that say something went wrong (workers killed or timed
        out, tracebacks, "database is locked")."""
        words = ("WORKER TIMEOUT", "Traceback", "Error", "locked", "exited", "killed",
                 "Booting worker")
        lines = [line for line in self.log_text().splitlines()
                 if any(word in line for word in words)]
        return lines[:limit]

    def log_text(self):
        try:
            return self.logfile.read_text(errors="replace")
        except OSError:
            return ""
