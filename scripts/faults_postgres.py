"""The PostgreSQL side of the fault drills: the drills' database, the cluster they stop and
start (and whether anyone else is using it), and how a worker is caught and killed in the
middle of a request: a row lock of this script's, the backend waiting on it, and the worker
that holds that backend's connection.
"""

import asyncio
import os
import shlex
import signal
import subprocess
import time

import loadkit
from loadkit import log

DATABASE = "bench_faults"


def postgres_cluster():
    """FAULTS_PG_CLUSTER ("15 main"), else the Debian cluster listening on BENCH_PG's port."""
    if os.environ.get("FAULTS_PG_CLUSTER"):
        return os.environ["FAULTS_PG_CLUSTER"].split()
    port = loadkit.PG_SERVER.rsplit(":", 1)[-1].split("/")[0]
    try:
        listed = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True,  # noqa: S607
                                text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    for line in listed.splitlines():
        fields = line.split()
        if len(fields) > 2 and fields[2] == port:
            return fields[:2]
    return ["15", "main"]


PG_CLUSTER = postgres_cluster()


def pg_ctl(action):
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", *PG_CLUSTER, action]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(command)} failed: {done.stderr.strip()}")


def pg_is_up():
    done = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True,  # noqa: S607
                          timeout=30)
    for line in done.stdout.splitlines():
        fields = line.split()
        if fields[:2] == PG_CLUSTER:
            return fields[3] == "online"
    return False


def other_postgres_sessions():
    """Other people's connections to the cluster (a restart would cut them)."""
    import psycopg2

    connection = psycopg2.connect(f"{loadkit.PG_SERVER}/postgres", connect_timeout=5)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT datname FROM pg_stat_activity WHERE backend_type = "
                "'client backend' AND pid <> pg_backend_pid() AND datname IS DISTINCT FROM %s",
                [DATABASE])
            return sorted(str(row[0]) for row in cursor.fetchall())
    finally:
        connection.close()


def wait_until_postgres_is_ours():
    """Wait up to FAULTS_PG_WAIT seconds (120) for other sessions to end. Returns whoever is
    still connected ([] when the restart may go ahead, or FAULTS_PG_FORCE=1)."""
    if os.environ.get("FAULTS_PG_FORCE"):
        return []
    deadline = time.monotonic() + float(os.environ.get("FAULTS_PG_WAIT", "120"))
    others = other_postgres_sessions()
    if others:
        log(f"    PostgreSQL is in use by others ({', '.join(others)}): waiting for them…")
    while others and time.monotonic() < deadline:
        time.sleep(2)
        others = other_postgres_sessions()
    return others


# Killing a worker mid-request ------------------------------------------------------------------
# To kill a worker *inside* a request, deterministically, a transaction of our own holds a row
# lock that one request needs: that request stops in the middle of its own transaction, we find
# its PostgreSQL backend (pg_blocking_pids), the worker that holds that database connection
# (its TCP port), and kill that worker with SIGKILL.

class RowLock:
    """A transaction of this script's, holding a row lock until released."""

    def __init__(self, database_url):
        import psycopg2

        self.connection = psycopg2.connect(database_url, connect_timeout=5)
        self.pid = self.connection.get_backend_pid()

    def hold(self, sql, params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            if cursor.fetchone() is None:
                raise RuntimeError("nothing to lock")

    def release(self):
        self.connection.rollback()

    def close(self):
        self.connection.close()


def query(database_url, sql, params=()):
    import psycopg2

    connection = psycopg2.connect(database_url, connect_timeout=5)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        connection.close()


def waiting_on(database_url, lock, timeout=20.0):
    """(backend pid, client port) of the request stopped by our lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = query(database_url,
                     "SELECT pid, client_port FROM pg_stat_activity "
                     "WHERE %s = ANY(pg_blocking_pids(pid))", [lock.pid])
        if rows:
            return rows[0]
        time.sleep(0.05)
    raise RuntimeError("no request came to wait on the lock")


def backend_gone(database_url, pid, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not query(database_url, "SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]):
            return True
        time.sleep(0.05)
    return False


async def kill_worker_of(app, database_url, lock, facts, label):
    backend, port = await asyncio.to_thread(waiting_on, database_url, lock)
    worker = app.worker_with_database_port(port)
    if worker is None:
        raise RuntimeError(f"no worker holds the database connection on port {port}")
    os.kill(worker, signal.SIGKILL)
    facts[f"killed_{label}"] = {"worker": worker, "backend": backend}
    log(f"    killed worker {worker} with SIGKILL in the middle of {label} (its request was "
        f"waiting inside its transaction, PostgreSQL backend {backend})")
    return backend
