"""Shared parts of the load benchmark (bench_load.py) and the fault drills (faults.py): the
settings every run reads from the environment; a throwaway database (PostgreSQL `bench_*`, or a
SQLite file) with the framework and an open Easy Read survey, made with the project's own
services; reconciling the database with what the respondents were told afterwards. The web
server is in loadkit_server.py, the simulated respondents in loadkit_respondents.py, their HTTP
clients in loadkit_http.py and the timings in loadkit_stats.py.

Only loopback addresses are used, every loop is bounded in count and time, and everything
started here is stopped by its process id.
"""

import os
import re
import secrets
import signal
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# One random key per run: production settings refuse short or "django-insecure" keys.
SECRET_KEY = "bench-" + secrets.token_urlsafe(60)
UNAVAILABLE_TEXT = "Sorry, the service is unavailable"


def run_config(users, think, workers):
    """What every load run reads from the environment: BENCH_USERS, BENCH_SECONDS,
    BENCH_THINK ("low-high" seconds), BENCH_DRAIN, BENCH_WORKERS and BENCH_THREADS."""
    low, _, high = os.environ.get("BENCH_THINK", think).partition("-")
    return {
        "users": int(os.environ.get("BENCH_USERS", str(users))),
        "seconds": float(os.environ.get("BENCH_SECONDS", "30")),
        "think": (float(low), float(high or low)),
        "drain": float(os.environ.get("BENCH_DRAIN", "300")),
        "workers": int(os.environ.get("BENCH_WORKERS", str(workers))),
        "threads": int(os.environ.get("BENCH_THREADS", "4")),
    }


def log(message):
    print(message, file=sys.stderr, flush=True)


# Databases -----------------------------------------------------------------------------------

def _pg_admin(sql):
    import psycopg2

    try:
        connection = psycopg2.connect(f"{PG_SERVER}/postgres", connect_timeout=5)
    except psycopg2.OperationalError as error:
        raise RuntimeError(
            f"PostgreSQL does not answer at {PG_SERVER} (set BENCH_PG to another server, "
            f"e.g. postgres://user@host:port): {str(error).strip()}") from error
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def create_pg_database(name):
    if not re.fullmatch(r"bench_[a-z0-9_]+", name):
        raise ValueError("benchmark databases are named bench_…")
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def drop_pg_database(name):
    if not re.fullmatch(r"bench_[a-z0-9_]+", name):
        raise ValueError("benchmark databases are named bench_…")
    for attempt in range(10):
        try:
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except Exception as error:  # e.g. the server is still starting after a drill
            if attempt == 9:
                log(f"could not drop database {name}: {error}")
                return
            time.sleep(1)


def server_env(database_url, static_root, **extra):
    """The environment of the web server and of this process: production settings."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(SCRIPTS), str(ROOT)]),
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: the client says it came through a TLS proxy instead
        # (X-Forwarded-Proto: https, which production trusts), so the secure cookies, HSTS
        # and the CSRF origin check all behave as behind the real proxy.
        "SECURE_SSL_REDIRECT": "False",
        "BENCH_STATIC_ROOT": str(static_root),
        # Every simulated phone comes from 127.0.0.1: lift the per-address limits.
        "RATE_LIMIT_CODE": "1000000",
        "RATE_LIMIT_SEND": "1000000",
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
    })
    env.update({key: str(value) for key, value in extra.items()})
    return env


def setup_django(env):
    """Use the server's settings in this process too (to build data and reconcile)."""
    os.environ.update(env)
    for path in (str(ROOT), str(SCRIPTS)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def build_surveys(count=2):
    """Migrate, load the framework, collect static files, and make `count` evaluations, each
    with one open Easy Read survey (one per benchmark or drill, so each reconciles alone)."""
    import datetime

    from django.core.management import call_command

    from betterlives.models import Council
    from betterlives.services import council_get_or_create
    from evaluations.services.evaluations import evaluation_create

    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0, stdout=devnull)
    call_command("load_framework", verbosity=0, stdout=devnull)
    call_command("collectstatic", verbosity=0, interactive=False, stdout=devnull)
    council = council_get_or_create(name="Benchmark Borough Council", slug="bench",
                                    nation=Council.Nation.ENGLAND)
    today = datetime.date.today()
    surveys = []
    for number in range(1, count + 1):
        evaluation = evaluation_create(
            council=council, title=f"Workshop benchmark {number}",
            period_start=today - datetime.timedelta(days=30),
            period_end=today + datetime.timedelta(days=60),
            audiences=["lived_experience"])
        surveys.append(evaluation.surveys.get())
    return surveys


def survey_item_ids(survey):
    from evaluations.selectors.surveys import survey_items

    return [item.pk for item in survey_items(survey)]


def close_django_connections():
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: S110 - best effort while cleaning up
        pass


# Reconciling -----------------------------------------------------------------------------------

def reconcile(survey, respondents, item_ids):
    """Compare the database with what each respondent was told.

    - lost: acknowledged (saw the confirmation page) but not stored as sent;
    - duplicated: more than one sent response from one respondent, or a sent response that no
      respondent was ever given (the survey is used by nobody else);
    - mismatched: an acknowledged response whose stored answers differ from the answers the
      server confirmed (redirected on from) to that respondent;
    - half_saved: a response that is "sent" without a time it was sent, or the other way round;
    - orphan_answers: answers whose response row does not exist.
    """
    from django.db import connection

    from evaluations.models import Answer, Response

    close_django_connections()  # the server may have restarted under us
    rows = {str(r["submission_key"]): r for r in Response.objects.filter(survey=survey).values(
        "pk", "submission_key", "status", "submitted_at", "helped")}
    stored_answers = defaultdict(dict)
    for answer in Answer.objects.filter(response__survey=survey).values(
            "response_id", "item_id", "choice", "comment"):
        stored_answers[answer["response_id"]][answer["item_id"]] = (answer["choice"],
                                                                    answer["comment"])
    sent = {key for key, row in rows.items() if row["status"] == Response.Status.SUBMITTED}
    seen = set()
    lost, mismatched, duplicated, unacknowledged = [], [], 0, 0
    for respondent in respondents:
        keys = set(respondent.keys)
        seen |= keys
        sent_here = keys & sent
        duplicated += max(0, len(sent_here) - 1)
        if not respondent.acknowledged:
            unacknowledged += len(sent_here)
            continue
        row = rows.get(respondent.key)
        if row is None or respondent.key not in sent:
            lost.append(respondent.key)
            continue
        answers = stored_answers.get(row["pk"], {})
        for number, expected in respondent.confirmed.items():
            stored = answers.get(item_ids[number - 1], ("", ""))
            if stored != expected:
                mismatched.append((respondent.key, number, expected, stored))
        if row["helped"] != respondent.helped:
            mismatched.append((respondent.key, "helped", respondent.helped, row["helped"]))
    strangers = sent - seen
    half_saved = [key for key, row in rows.items()
                  if (row["status"] == Response.Status.SUBMITTED) != (row["submitted_at"]
                                                                      is not None)]
    answer_table, response_table = Answer._meta.db_table, Response._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {answer_table} a LEFT JOIN {response_table} r "  # noqa: S608
            "ON r.id = a.response_id WHERE r.id IS NULL")
        orphans = cursor.fetchone()[0]
    acknowledged = sum(1 for r in respondents if r.acknowledged)
    result = {
        "respondents": len(respondents),
        "acknowledged": acknowledged,
        "stored": len(sent),
        "stored_unacknowledged": unacknowledged,
        "lost": len(lost),
        "duplicated": duplicated + len(strangers),
        "mismatched_answers": len(mismatched),
        "half_saved": len(half_saved),
        "orphan_answers": orphans,
        "in_progress": sum(1 for row in rows.values()
                           if row["status"] == Response.Status.IN_PROGRESS),
    }
    result["ok"] = not (lost or mismatched or half_saved or orphans or duplicated or strangers)
    if mismatched:
        result["first_mismatch"] = repr(mismatched[0])
    return result


def loadavg():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover
        return None


def install_signal_handlers():
    """Turn SIGTERM into KeyboardInterrupt so the `finally` blocks clean up."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
