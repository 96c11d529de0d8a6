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
import random
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadkit  # noqa: E402
from loadkit import log  # noqa: E402

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
DOWN_SECONDS = float(os.environ.get("FAULTS_DOWN_SECONDS", "5"))
USERS = int(os.environ.get("FAULTS_USERS", "30"))
SENDERS = int(os.environ.get("FAULTS_SENDERS", "40"))
SQLITE_SENDERS = int(os.environ.get("FAULTS_SQLITE_SENDERS", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
RECOVERY_LIMIT_S = 10.0
RETRY_FOR_S = 90.0


def wanted(drill):
    """FAULTS_ONLY=worker_killed,sqlite_senders runs only those drills (all by default)."""
    only = os.environ.get("FAULTS_ONLY", "")
    return not only or drill in only.split(",")


def check(checks, name, passed, detail=""):
    checks.append({"check": name, "ok": bool(passed), "detail": detail})
    log(f"    [{'ok' if passed else 'FAIL'}] {name}{': ' + str(detail) if detail else ''}")


def reconcile_checks(checks, reconciled, all_acknowledged):
    check(checks, "every acknowledged send is stored, with the confirmed answers",
          reconciled["lost"] == 0 and reconciled["mismatched_answers"] == 0,
          f"lost {reconciled['lost']}, mismatched {reconciled['mismatched_answers']}")
    check(checks, "no duplicated response", reconciled["duplicated"] == 0,
          f"duplicated {reconciled['duplicated']}")
    check(checks, "no half-saved response, no answer without its response",
          reconciled["half_saved"] == 0 and reconciled["orphan_answers"] == 0,
          f"half-saved {reconciled['half_saved']}, orphan answers "
          f"{reconciled['orphan_answers']}")
    check(checks, "every respondent got to the confirmation page in the end",
          reconciled["acknowledged"] == reconciled["respondents"] and all_acknowledged,
          f"{reconciled['acknowledged']}/{reconciled['respondents']}")


def reconcile(survey, respondents, item_ids):
    """loadkit.reconcile, run in a thread of its own (Django's ORM is not for async code)."""
    try:
        return loadkit.reconcile(survey, respondents, item_ids)
    finally:
        loadkit.close_django_connections()


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


def friendly_503(reply):
    """The checks the brief asks of the page shown while the database is down."""
    body = reply.text
    problems = []
    if reply.status_code != 503:
        problems.append(f"status {reply.status_code}")
    if "Retry-After" not in reply.headers:
        problems.append("no Retry-After")
    if loadkit.UNAVAILABLE_TEXT not in body:
        problems.append("not the friendly page")
    elif "govuk-template" not in body:
        problems.append("the bare fallback, not templates/503.html")
    for leak in ("Traceback", "OperationalError", "InterfaceError", "psycopg2"):
        if leak in body:
            problems.append(f"{leak} in the body")
    return problems


def no_server_errors(checks, stats):
    fives = {kind: n for kind, n in stats.errors.items() if kind.endswith(":500")}
    check(checks, "no HTTP 500 at any time", not fives, fives or "")
    traces = stats.errors.get("any:trace-in-body", 0)
    check(checks, "no trace in any error page", traces == 0, traces or "")


# 1. PostgreSQL restarted mid-load --------------------------------------------------------------

async def postgres_restart(app, survey, item_ids):
    checks, respondents, stats = [], [], loadkit.Stats()
    questions = len(item_ids)
    facts = {"down_seconds": DOWN_SECONDS, "users": USERS}
    async with loadkit.http_client(USERS + 60) as client:
        def respondent(number, think=(0.2, 0.8)):
            made = loadkit.Respondent(client, app.base, survey.token, questions, stats,
                                      number=number, think=think, retry_for=RETRY_FOR_S,
                                      rng=random.Random(number))  # noqa: S311
            respondents.append(made)
            return made

        async def staggered(made, delay):
            await asyncio.sleep(delay)
            return await made.journey()

        # A probe respondent, stopped on question 2, to post an answer while the database is
        # down (it is not counted among the load: it sends at the end like everyone else).
        probe = respondent(10_000, think=(0, 0))
        probe_page = await probe.get("open", probe.url(""))
        await probe.post("language", probe.url(""), probe_page, {"language": "en"})
        probe_page = await probe.get("welcome", probe.url("welcome/"))
        await probe.post("start", probe.url("welcome/"), probe_page, {})
        probe_page = await probe.get("question", probe.url("q/1/"))

        tasks = [asyncio.ensure_future(staggered(respondent(n), random.uniform(0, 2)))  # noqa: S311
                 for n in range(USERS)]
        await asyncio.sleep(4)
        facts["requests_before_stop"] = stats.requests
        facts["in_flight_at_stop"] = stats.in_flight
        log(f"    stopping PostgreSQL ({' '.join(PG_CLUSTER)}) with "
            f"{stats.in_flight} requests in flight…")
        await asyncio.to_thread(pg_ctl, "stop")
        down_at = time.monotonic()
        try:
            await asyncio.sleep(0.5)
            headers = {"X-Forwarded-Proto": "https"}
            page = await client.get(f"{app.base}/s/{survey.token}/", headers=headers)
            problems = friendly_503(page)
            check(checks, "a survey page while the database is down is the friendly 503",
                  not problems, problems or f"{page.status_code}, "
                  f"Retry-After {page.headers.get('Retry-After')}")
            csrf = loadkit.first_input(probe_page, "csrfmiddlewaretoken")
            key = loadkit.first_input(probe_page, "response_key")
            answer = await client.post(
                f"{app.base}{probe.url('q/1/')}",
                data={"csrfmiddlewaretoken": csrf, "response_key": key, "choice": "good",
                      "comment": "", "action": "continue"},
                headers={**headers, "Origin": app.base.replace("http:", "https:"),
                         "Referer": app.base.replace("http:", "https:") + probe.url("q/1/"),
                         "Cookie": "; ".join(f"{k}={v}" for k, v in probe.cookies.items())})
            problems = friendly_503(answer)
            check(checks, "saving an answer while the database is down is the friendly 503",
                  not problems, problems or answer.status_code)
            health = await client.get(f"{app.base}/healthz")
            facts["healthz_while_down"] = health.status_code
            await asyncio.sleep(max(0.0, DOWN_SECONDS - (time.monotonic() - down_at)))
        finally:
            log("    starting PostgreSQL again…")
            await asyncio.to_thread(pg_ctl, "start")
        back_at = time.monotonic()
        facts["errors_while_down"] = sum(stats.errors.values())

        # How long until the survey answers normally again.
        recovered = None
        while time.monotonic() - back_at < 30:
            try:
                reply = await client.get(f"{app.base}/s/{survey.token}/",
                                         headers={"X-Forwarded-Proto": "https"})
                if reply.status_code == 200:
                    recovered = time.monotonic() - back_at
                    break
            except Exception:  # noqa: S110 - keep asking until the limit
                pass
            await asyncio.sleep(0.1)
        facts["recovered_after_s"] = round(recovered, 2) if recovered is not None else None
        check(checks, f"the survey answers normally within {RECOVERY_LIMIT_S:g} s of the "
              "database coming back", recovered is not None and recovered <= RECOVERY_LIMIT_S,
              f"{facts['recovered_after_s']} s")

        # Every worker thread holds its own connection: all of them must have reconnected.
        many = WORKERS * THREADS * 4
        replies = await asyncio.gather(*(
            client.get(f"{app.base}/s/{survey.token}/", headers={"X-Forwarded-Proto": "https"})
            for _ in range(many)), return_exceptions=True)
        good = sum(1 for r in replies if not isinstance(r, Exception) and r.status_code == 200)
        check(checks, "every worker thread reconnected (all of "
              f"{many} concurrent page loads answered)", good == many, f"{good}/{many}")

        # The probe carries on too, then everyone finishes (retrying what failed).
        tasks.append(asyncio.ensure_future(probe_finish(probe, probe_page)))
        await asyncio.gather(*tasks)
    stats.stop()
    facts["retries"] = sum(r.retries for r in respondents)
    facts["errors_by_kind"] = dict(stats.errors)
    facts["server_log"] = app.log_problems()
    no_server_errors(checks, stats)
    reconciled = await asyncio.to_thread(reconcile, survey, respondents, item_ids)
    reconcile_checks(checks, reconciled, all(r.acknowledged for r in respondents))
    return {"ok": all(c["ok"] for c in checks), "checks": checks, "facts": facts,
            "reconcile": reconciled}


async def probe_finish(probe, page):
    """The probe answers question 1 again (its 503 answer was not saved) and finishes."""
    try:
        await probe.post("answer", probe.url("q/1/"), page,
                         {"choice": "good", "comment": "", "action": "continue"})
        probe.confirmed[1] = ("good", "")
        # Skip the rest (every question is optional) and send, as anyone else.
        for number in range(2, probe.questions + 1):
            path = probe.url(f"q/{number}/")
            question = await probe.get("question", path)
            await probe.post("answer", path, question,
                             {"choice": "", "comment": "", "action": "continue"})
            probe.confirmed[number] = ("", "")
        helped_page = await probe.get("helped_page", probe.url("helped/"))
        await probe.post("helped", probe.url("helped/"), helped_page, {"helped": ""})
        check_page = await probe.get("check", probe.url("check/"))
        await probe.send(check_page)
    except loadkit.StepFailed as error:
        probe.failed = str(error)


# 2. A worker killed mid-request ----------------------------------------------------------------
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


async def worker_killed(app, survey, item_ids):
    from evaluations.models import Answer, Response

    checks, respondents, stats = [], [], loadkit.Stats()
    questions, database_url = len(item_ids), os.environ["DATABASE_URL"]
    answers, responses = Answer._meta.db_table, Response._meta.db_table
    facts = {"senders": SENDERS, "workers_before": app.worker_pids()}
    state_sql = (f"SELECT r.last_saved_at, r.status, a.choice, a.comment FROM {responses} r "  # noqa: S608
                 f"JOIN {answers} a ON a.response_id = r.id "
                 "WHERE r.submission_key = %s AND a.item_id = %s")

    async with loadkit.http_client(SENDERS + 20) as client:
        def respondent(number, think=(0.0, 0.15)):
            made = loadkit.Respondent(client, app.base, survey.token, questions, stats,
                                      number=number, think=think, retry_for=RETRY_FOR_S,
                                      rng=random.Random(number))  # noqa: S311
            respondents.append(made)
            return made

        # A. Killed while saving an answer: the request has already updated the response row
        # in its transaction and waits to update the answer.
        changer = respondent(100_000, think=(0, 0))
        changer.retry_pause = (3.0, 3.0)  # presses Continue again 3 s later
        page = await changer.begin()
        await changer.answer(1, page, choice="good", comment="")
        params = [changer.key, item_ids[0]]
        before = await asyncio.to_thread(query, database_url, state_sql, params)
        lock = await asyncio.to_thread(RowLock, database_url)
        try:
            await asyncio.to_thread(
                lock.hold, f"SELECT a.id FROM {answers} a JOIN {responses} r "  # noqa: S608
                "ON r.id = a.response_id WHERE r.submission_key = %s AND a.item_id = %s "
                "FOR UPDATE OF a", params)
            page = await changer.get("question", changer.url("q/1/"))  # back, and change it
            changing = asyncio.ensure_future(
                changer.answer(1, page, choice="not_good", comment="Changed my mind."))
            backend = await kill_worker_of(app, database_url, lock, facts, "saving an answer")
            await asyncio.sleep(0.3)
            await asyncio.to_thread(lock.release)
            gone = await asyncio.to_thread(backend_gone, database_url, backend)
            after = await asyncio.to_thread(query, database_url, state_sql, params)
        finally:
            await asyncio.to_thread(lock.close)
        check(checks, "a worker killed inside an answer's transaction left nothing of it "
              "(the response row it had changed and the answer are as before)",
              gone and after == before,
              "unchanged" if after == before else f"before {before}, after {after}")
        try:
            await changing
            page = await changer.get("question", changer.url("q/2/"))
            changer_check = await changer.answer_up_to_check(page, 2)
        except loadkit.StepFailed as error:
            changer.failed = str(error)
            changer_check = None
        check(checks, "pressing Continue again saved the changed answer",
              changer.confirmed.get(1) == ("not_good", "Changed my mind.")
              and changer.retries > 0, f"{changer.retries} retries")

        # B. Killed while SENDERS sends are in flight: one send waits inside its transaction
        # (for its response row), the worker serving it is killed, with whatever else it had.
        ready = [(changer, changer_check)] if changer_check else []

        async def get_ready(number):
            made = respondent(number)
            try:
                ready.append((made, await made.answer_up_to_check()))
            except loadkit.StepFailed as error:
                made.failed = f"preparing: {error}"

        await asyncio.gather(*(get_ready(n) for n in range(SENDERS - len(ready))))
        sender = ready[-1][0]
        go = asyncio.Event()

        async def send(made, page):
            await go.wait()
            try:
                await made.send(page)
            except loadkit.StepFailed as error:
                made.failed = f"send: {error}"

        lock = await asyncio.to_thread(RowLock, database_url)
        try:
            await asyncio.to_thread(
                lock.hold, f"SELECT id FROM {responses} WHERE submission_key = %s "  # noqa: S608
                "FOR UPDATE", [sender.key])
            tasks = [asyncio.ensure_future(send(m, p)) for m, p in ready]
            await asyncio.sleep(0.2)
            errors_before = sum(stats.errors.values())
            go.set()
            await kill_worker_of(app, database_url, lock, facts, "a send")
            facts["in_flight_at_kill"] = stats.in_flight
            await asyncio.sleep(0.3)
            await asyncio.to_thread(lock.release)
        finally:
            await asyncio.to_thread(lock.close)
        await asyncio.gather(*tasks)
        facts["errors_during_sends"] = sum(stats.errors.values()) - errors_before
    stats.stop()
    facts["retries"] = sum(r.retries for r in respondents)
    facts["errors_by_kind"] = dict(stats.errors)
    check(checks, f"the send cut by the kill ({facts['in_flight_at_kill']} requests in flight) "
          "was sent again and acknowledged", sender.retries > 0 and sender.acknowledged,
          f"{sender.retries} retries; {facts['errors_during_sends']} requests cut or refused "
          "while the sends were in flight")
    await asyncio.sleep(1)
    facts["workers_after"] = app.worker_pids()
    check(checks, "gunicorn replaced the killed workers",
          len(facts["workers_after"]) == WORKERS, facts["workers_after"])
    facts["server_log"] = app.log_problems()
    no_server_errors(checks, stats)
    reconciled = await asyncio.to_thread(reconcile, survey, respondents, item_ids)
    reconcile_checks(checks, reconciled, all(r.acknowledged for r in respondents))
    return {"ok": all(c["ok"] for c in checks), "checks": checks, "facts": facts,
            "reconcile": reconciled}


# 3. SQLite, 50 senders at once -----------------------------------------------------------------

async def sqlite_senders(app, survey, item_ids):
    checks, respondents, stats = [], [], loadkit.Stats()
    questions = len(item_ids)
    ready = []
    async with loadkit.http_client(SQLITE_SENDERS + 10) as client:
        async def get_ready(number):
            made = loadkit.Respondent(client, app.base, survey.token, questions, stats,
                                      number=number,
                                      rng=random.Random(number))  # noqa: S311
            respondents.append(made)
            try:
                ready.append((made, await made.answer_up_to_check()))
            except loadkit.StepFailed as error:
                made.failed = f"preparing: {error}"

        # Everyone answers at the same time (writes from 12 threads at once), no retries.
        await asyncio.gather(*(get_ready(n) for n in range(SQLITE_SENDERS)))
        go = asyncio.Event()
        send_stats = loadkit.Stats()

        async def send(made, page):
            made.stats = send_stats
            await go.wait()
            try:
                await made.send(page)
            except loadkit.StepFailed as error:
                made.failed = f"send: {error}"

        tasks = [asyncio.ensure_future(send(m, p)) for m, p in ready]
        await asyncio.sleep(0.2)
        send_stats.restart()
        go.set()
        await asyncio.gather(*tasks)
        send_stats.stop()
    stats.stop()
    locked = app.log_text().count("database is locked")
    errors = {**{f"answering {k}": n for k, n in stats.errors.items()},
              **{f"sending {k}": n for k, n in send_stats.errors.items()}}
    check(checks, f"{SQLITE_SENDERS} respondents answering at once and sending at once: "
          "no error of any kind (no 500, no 503)", not errors, errors or "")
    check(checks, "no \"database is locked\" in the server log", locked == 0, locked or "")
    reconciled = await asyncio.to_thread(reconcile, survey, respondents, item_ids)
    reconcile_checks(checks, reconciled, all(r.acknowledged for r in respondents))
    return {"ok": all(c["ok"] for c in checks), "checks": checks,
            "facts": {"senders": SQLITE_SENDERS, "server_log": app.log_problems(),
                      "send_latency_ms": send_stats.by_step().get("send"),
                      "all_sent_after_s": round(send_stats.wall, 2)},
            "reconcile": reconciled}


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
        app = loadkit.Gunicorn("betterlives.wsgi:application", env, Path(folder) / "app.log",
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
        app = loadkit.Gunicorn("betterlives.wsgi:application", env, Path(folder) / "app.log",
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
