"""Fault drills (`make faults`): the service under load loses its database, loses a worker, and
runs on SQLite with 50 people sending at once. Nothing acknowledged may be lost or duplicated.

1. postgres_restart — PostgreSQL is stopped mid-load (`pg_ctlcluster … stop`) and started again
   after FAULTS_DOWN_SECONDS (5). While it is down, a survey page and a saved answer must get
   the friendly 503 page (Retry-After, no trace, no "OperationalError"); once it is back, the
   survey must answer normally within 10 s, on every worker thread. Respondents retry whatever
   was not acknowledged, as people press the button again.
   NB: this stops the machine's PostgreSQL cluster for a few seconds (FAULTS_PG_CLUSTER, by
   default the one pg_lsclusters shows on BENCH_PG's port, e.g. "15 main"), which would cut
   anyone else's connections: the drill first waits up to FAULTS_PG_WAIT seconds (120) for
   other databases' sessions to end, and is reported as not run if they do not
   (FAULTS_PG_FORCE=1 restarts regardless).
2. worker_killed — a gunicorn worker is killed with SIGKILL in the middle of saving an answer
   (inside its transaction, after it changed the response row), and another in the middle of
   a send while FAULTS_SENDERS (40) sends are in flight. To catch a request mid-way for sure, a
   transaction of this script's holds a row lock the request needs; the worker serving it is
   found from PostgreSQL (pg_blocking_pids, client port) and /proc. Nothing of the killed
   transaction may remain; respondents press the button again; gunicorn starts new workers.
3. sqlite_senders — the SQLite default (production settings, DATABASE_URL=sqlite:///…) under
   gunicorn: 50 respondents answer at the same time, then all 50 press send at once. No
   "database is locked", no 5xx, nothing lost.

After each drill the database is reconciled with what every respondent was told: every
acknowledged send stored exactly once with the answers the server confirmed, no response "sent"
without a time (or the other way round), no answer without its response.

The PostgreSQL drills and the SQLite drill run in processes of their own (`faults.py postgres`,
`faults.py sqlite`), each with its own database; FAULTS_ONLY=worker_killed,… picks drills.
The last line printed is JSON; the exit status is 1 if any check failed.
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadkit  # noqa: E402
from faults_common import SQLITE_SENDERS, THREADS, WORKERS  # noqa: E402
from faults_drills import postgres_restart, sqlite_senders, worker_killed  # noqa: E402
from faults_postgres import (  # noqa: E402
    DATABASE,
    PG_CLUSTER,
    pg_ctl,
    pg_is_up,
    wait_until_postgres_is_ours,
)
from loadkit import log  # noqa: E402
from loadkit_server import Gunicorn  # noqa: E402


def wanted(drill):
    """FAULTS_ONLY=worker_killed,sqlite_senders runs only those drills (all by default)."""
    only = os.environ.get("FAULTS_ONLY", "")
    return not only or drill in only.split(",")


# Running the drills ----------------------------------------------------------------------------

def run_postgres():
    results, folder = {}, tempfile.mkdtemp(prefix="faults-pg-")
    app = None
    stopped_by_us = False
    try:
        if not pg_is_up():
            raise RuntimeError(f"PostgreSQL cluster {' '.join(PG_CLUSTER)} is not running")
        log(f"making database {DATABASE}…")
        env = loadkit.server_env(loadkit.create_pg_database(DATABASE), Path(folder) / "static")
        loadkit.setup_django(env)
        restart_survey, kill_survey = loadkit.build_surveys(2)
        restart_items = loadkit.survey_item_ids(restart_survey)
        kill_items = loadkit.survey_item_ids(kill_survey)
        loadkit.close_django_connections()
        app = Gunicorn("betterlives.wsgi:application", env, Path(folder) / "app.log",
                       WORKERS, THREADS).start()
        log(f"gunicorn (production settings, PostgreSQL) on {app.base}")

        log("1. PostgreSQL restarted mid-load")
        others = wait_until_postgres_is_ours() if wanted("postgres_restart") else []
        if not wanted("postgres_restart"):
            log("    skipped (FAULTS_ONLY)")
        if others:
            detail = (f"not run: databases {others} are in use by others and a restart would "
                      "cut them off; run again when they are done, or set FAULTS_PG_FORCE=1")
            log(f"    [FAIL] {detail}")
            results["postgres_restart"] = {"ok": False, "checks": [
                {"check": "PostgreSQL restarted mid-load", "ok": False, "detail": detail}]}
        elif wanted("postgres_restart"):
            stopped_by_us = True
            results["postgres_restart"] = asyncio.run(
                postgres_restart(app, restart_survey, restart_items))
        if wanted("worker_killed"):
            log("2. a gunicorn worker killed mid-request")
            results["worker_killed"] = asyncio.run(worker_killed(app, kill_survey, kill_items))
    except Exception as error:
        import traceback

        traceback.print_exc()
        if app is not None:
            log(app.log_tail())
        results["error"] = f"{type(error).__name__}: {error}"
    finally:
        if stopped_by_us and not pg_is_up():
            log("starting PostgreSQL again (clean-up)")
            pg_ctl("start")
        if app is not None:
            app.stop()
        loadkit.close_django_connections()
        loadkit.drop_pg_database(DATABASE)
        if os.environ.get("FAULTS_KEEP"):
            log(f"kept {folder}")
        else:
            subprocess.run(["rm", "-rf", folder], check=False)  # noqa: S603, S607
    return results


def run_sqlite():
    results, folder = {}, tempfile.mkdtemp(prefix="faults-sqlite-")
    app = None
    try:
        database = Path(folder) / "db.sqlite3"
        env = loadkit.server_env(f"sqlite:///{database}", Path(folder) / "static")
        loadkit.setup_django(env)
        log("making a SQLite database with the default settings…")
        (survey,) = loadkit.build_surveys(1)
        items = loadkit.survey_item_ids(survey)
        loadkit.close_django_connections()
        app = Gunicorn("betterlives.wsgi:application", env, Path(folder) / "app.log",
                       WORKERS, THREADS).start()
        log(f"3. SQLite default under {SQLITE_SENDERS} concurrent senders (gunicorn "
            f"{WORKERS}x{THREADS} on {app.base})")
        results["sqlite_senders"] = asyncio.run(sqlite_senders(app, survey, items))
    except Exception as error:
        import traceback

        traceback.print_exc()
        if app is not None:
            log(app.log_tail())
        results["error"] = f"{type(error).__name__}: {error}"
    finally:
        if app is not None:
            app.stop()
        loadkit.close_django_connections()
        if os.environ.get("FAULTS_KEEP"):
            log(f"kept {folder}")
        else:
            subprocess.run(["rm", "-rf", folder], check=False)  # noqa: S603, S607
    return results


def child(kind):
    loadkit.install_signal_handlers()
    results = run_postgres() if kind == "postgres" else run_sqlite()
    print(json.dumps(results, default=str))
    return 0


def main():
    results, ok = {}, True
    for kind in ("postgres", "sqlite"):
        if kind == "sqlite" and not wanted("sqlite_senders"):
            continue
        if kind == "postgres" and not (wanted("postgres_restart") or wanted("worker_killed")):
            continue
        done = subprocess.run([sys.executable, __file__, kind],  # noqa: S603
                              stdout=subprocess.PIPE, text=True, check=False)
        lines = done.stdout.strip().splitlines()
        try:
            part = json.loads(lines[-1])
        except (IndexError, json.JSONDecodeError):
            part = {"error": f"the {kind} drills printed no result (exit {done.returncode})"}
        if "error" in part:
            part[f"{kind}_error"] = part.pop("error")
        results.update(part)
    print("", file=sys.stderr)
    for name, result in results.items():
        if name.endswith("_error") or not isinstance(result, dict):
            ok = False
            print(f"ERROR: {result}")
            continue
        ok = ok and result["ok"]
        print(f"{name}: {'PASS' if result['ok'] else 'FAIL'}")
        for item in result["checks"]:
            print(f"  [{'ok' if item['ok'] else 'FAIL'}] {item['check']}"
                  + (f" ({item['detail']})" if item["detail"] not in ("", None) else ""))
    errors = [v for k, v in results.items() if k.endswith("_error")]
    expected = {drill for drill in ("postgres_restart", "worker_killed", "sqlite_senders")
                if wanted(drill)}
    ok = ok and not errors and expected <= set(results)
    print(json.dumps({"faults": results, "ok": ok}, default=str))
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(child(sys.argv[1]))
    sys.exit(main())
