"""The three fault drills, each run against a gunicorn already started on its own database:
PostgreSQL restarted mid-load, a gunicorn worker killed mid-request, and 50 respondents
sending at once on SQLite. Each returns its checks, the facts it saw and the reconciliation.
"""

import asyncio
import os
import random
import time

from faults_common import (
    DOWN_SECONDS,
    RECOVERY_LIMIT_S,
    RETRY_FOR_S,
    SENDERS,
    SQLITE_SENDERS,
    THREADS,
    USERS,
    WORKERS,
    check,
    friendly_503,
    no_server_errors,
    reconcile,
    reconcile_checks,
)
from faults_postgres import PG_CLUSTER, RowLock, backend_gone, kill_worker_of, pg_ctl, query
from loadkit import log
from loadkit_http import http_client
from loadkit_respondents import Respondent, StepFailed, first_input
from loadkit_stats import Stats

# 1. PostgreSQL restarted mid-load --------------------------------------------------------------

async def postgres_restart(app, survey, item_ids):
    checks, respondents, stats = [], [], Stats()
    questions = len(item_ids)
    facts = {"down_seconds": DOWN_SECONDS, "users": USERS}
    async with http_client(USERS + 60) as client:
        def respondent(number, think=(0.2, 0.8)):
            made = Respondent(client, app.base, survey.token, questions, stats,
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
            csrf = first_input(probe_page, "csrfmiddlewaretoken")
            key = first_input(probe_page, "response_key")
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
    except StepFailed as error:
        probe.failed = str(error)


# 2. A worker killed mid-request ----------------------------------------------------------------

async def worker_killed(app, survey, item_ids):
    from evaluations.models import Answer, Response

    checks, respondents, stats = [], [], Stats()
    questions, database_url = len(item_ids), os.environ["DATABASE_URL"]
    answers, responses = Answer._meta.db_table, Response._meta.db_table
    facts = {"senders": SENDERS, "workers_before": app.worker_pids()}
    state_sql = (f"SELECT r.last_saved_at, r.status, a.choice, a.comment FROM {responses} r "  # noqa: S608
                 f"JOIN {answers} a ON a.response_id = r.id "
                 "WHERE r.submission_key = %s AND a.item_id = %s")

    async with http_client(SENDERS + 20) as client:
        def respondent(number, think=(0.0, 0.15)):
            made = Respondent(client, app.base, survey.token, questions, stats,
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
        except StepFailed as error:
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
            except StepFailed as error:
                made.failed = f"preparing: {error}"

        await asyncio.gather(*(get_ready(n) for n in range(SENDERS - len(ready))))
        sender = ready[-1][0]
        go = asyncio.Event()

        async def send(made, page):
            await go.wait()
            try:
                await made.send(page)
            except StepFailed as error:
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
    checks, respondents, stats = [], [], Stats()
    questions = len(item_ids)
    ready = []
    async with http_client(SQLITE_SENDERS + 10) as client:
        async def get_ready(number):
            made = Respondent(client, app.base, survey.token, questions, stats,
                              number=number,
                              rng=random.Random(number))  # noqa: S311
            respondents.append(made)
            try:
                ready.append((made, await made.answer_up_to_check()))
            except StepFailed as error:
                made.failed = f"preparing: {error}"

        # Everyone answers at the same time (writes from 12 threads at once), no retries.
        await asyncio.gather(*(get_ready(n) for n in range(SQLITE_SENDERS)))
        go = asyncio.Event()
        send_stats = Stats()

        async def send(made, page):
            made.stats = send_stats
            await go.wait()
            try:
                await made.send(page)
            except StepFailed as error:
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
