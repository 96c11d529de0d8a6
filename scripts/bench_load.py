"""Load benchmark of the survey (`make bench`): our survey against a bare Django floor, with
the same client and the same server settings, on the same machine in one run.

1. Makes a fresh PostgreSQL database `bench_load` (migrate, the framework, two evaluations
   with an open Easy Read survey each: one for the service, one for the floor) and starts
   gunicorn with the production settings on a free loopback port: gthread, 3 workers x 4
   threads by default. On 2 cores: 3 processes keep both cores busy while one waits on
   PostgreSQL (Python runs one thread at a time per process); the 4 threads of each overlap
   database round trips and slow clients; 12 connections in all stay far below PostgreSQL's
   100, and leave CPU for PostgreSQL and this client.
2. Each of the two servers (the service, then scripts/bench_floor.py: a bare Django view with
   the same session store, CSRF check and inserts) gets the same two runs:
   - saturation: BENCH_SATURATION_USERS respondents (20) with no think time, each starting
     again after sending, until BENCH_SATURATION_REQUESTS requests (3000) are sent. This
     measures the server: ratio_to_floor = our requests/s / the floor's;
   - room: BENCH_USERS respondents (200) on their own phones, each thinking BENCH_THINK
     seconds (2-6) before every form: open the link, choose the language, start, each
     question (page, then answer), "did someone help", check answers, send, confirmation page.
     They arrive over the first few seconds, as a room told "off you go", and start again
     after sending until BENCH_SECONDS (30) have passed; anyone half-way then finishes, so
     every journey ends with a send (at most BENCH_DRAIN seconds more, 300). The Easy Read
     survey has about 26 questions, so one journey takes about two minutes.
   Before the runs, each server answers a few journeys that are not measured (warm-up).
   The service also gets a burst: BENCH_BURST respondents (100) answer up to "check your
   answers"; then all their sends are released at once.
3. Reconciles the database with what every respondent of the service was told (see
   loadkit.reconcile).

The client is aiohttp (loadkit_http.FastClient) in this process; a run where it used most of a
core is marked client-bound in the JSON. The last line printed is JSON. Exits 1 if an answer
was lost, duplicated or changed; speed against the targets is reported, not enforced (take
figures on a quiet machine). The database is dropped and gunicorn stopped even on failure or
Ctrl+C.
"""

import asyncio
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadkit  # noqa: E402
from loadkit import log  # noqa: E402
from loadkit_http import FastClient  # noqa: E402
from loadkit_respondents import (  # noqa: E402
    FloorRespondent,
    Respondent,
    StepFailed,
    run_capacity,
)
from loadkit_server import Gunicorn  # noqa: E402
from loadkit_stats import Stats  # noqa: E402

DATABASE = "bench_load"
TARGETS = {
    "text": "survey >= 0.5 x the floor's requests/s at saturation (moonshot 0.7); 200 people "
            "thinking 2-6 s: p95 <= 100 ms and p99 <= 250 ms on GET and POST; no errors; "
            "nothing lost or duplicated. Information: a burst of 100 sends, p95 <= 2 s",
    "ratio_to_floor": 0.5, "ratio_moonshot": 0.7, "room_p95_ms": 100, "room_p99_ms": 250,
    "burst_send_p95_ms": 2000,
}


def config():
    return {
        **loadkit.run_config(users=200, think="2-6", workers=3),
        "burst": int(os.environ.get("BENCH_BURST", "100")),
        "saturation_users": int(os.environ.get("BENCH_SATURATION_USERS", "20")),
        "saturation_requests": int(os.environ.get("BENCH_SATURATION_REQUESTS", "3000")),
    }


async def room_phase(base, token, questions, cfg, respondents, kind=Respondent):
    stats = Stats()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + cfg["seconds"]
    rng = random.Random(1)  # noqa: S311 - made-up answers and timings
    ramp = min(cfg["seconds"] / 3, max(cfg["think"][1], 1.0) * 2)

    async with FastClient(cfg["users"] + 10) as client:
        async def user(number):
            await asyncio.sleep(rng.uniform(0, ramp))  # people do not all tap at once
            while loop.time() < deadline:
                respondent = kind(
                    client, base, token, questions, stats, number=number, think=cfg["think"],
                    rng=random.Random(rng.random()))  # noqa: S311
                respondents.append(respondent)
                await respondent.journey()

        tasks = [asyncio.ensure_future(user(n)) for n in range(cfg["users"])]
        if not tasks:  # BENCH_USERS=0: only the burst and the capacity runs
            stats.stop()
            return stats
        _done, pending = await asyncio.wait(tasks, timeout=cfg["seconds"] + cfg["drain"])
        for task in pending:  # still answering long after the time: stop them
            task.cancel()
            stats.error("load", "cut-at-drain-limit")
        await asyncio.gather(*pending, return_exceptions=True)
    stats.stop()
    return stats


async def burst_phase(base, token, questions, count, respondents):
    """Everyone answers up to "check your answers"; then every send is released at once."""
    prepare, stats = Stats(), Stats()
    ready = []
    async with FastClient(count + 10) as client:
        gate = asyncio.Semaphore(20)

        async def get_ready(number):
            respondent = Respondent(client, base, token, questions, prepare,
                                    number=number,
                                    rng=random.Random(number))  # noqa: S311
            respondents.append(respondent)
            async with gate:
                try:
                    page = await respondent.answer_up_to_check()
                except StepFailed as error:
                    respondent.failed = f"preparing: {error}"
                    return
            respondent.stats = stats  # the send is measured on its own
            ready.append((respondent, page))

        await asyncio.gather(*(get_ready(n) for n in range(count)))
        go = asyncio.Event()
        acked_at = []

        async def send(respondent, page):
            await go.wait()
            try:
                await respondent.send(page, step="burst_send")
                acked_at.append(time.monotonic())
            except StepFailed as error:
                respondent.failed = f"burst send: {error}"

        tasks = [asyncio.ensure_future(send(r, p)) for r, p in ready]
        await asyncio.sleep(0.2)  # every task is waiting at the gate
        stats.restart()
        released = stats.started
        go.set()
        await asyncio.gather(*tasks)
    stats.stop()
    report = stats.report()
    report.update({
        "senders": count, "prepared": len(ready),
        "preparation_errors": sum(prepare.errors.values()),
        "preparation_errors_by_kind": dict(prepare.errors),
        "acknowledged": len(acked_at),
        "all_acknowledged_after_s": round(max(acked_at) - released, 2) if acked_at else None,
    })
    return report


def saturation(base, token, questions, cfg, floor=False, respondents=None):
    stats = asyncio.run(run_capacity(
        base, token, questions, cfg["saturation_users"], cfg["saturation_requests"],
        floor=floor, respondents=respondents))
    report = stats.report()
    log(f"  saturation: {report['rps']} rps, errors {report['errors']}, client CPU share "
        f"{report['client_cpu_share']}")
    return report


def warm_up(base, token, questions, cfg, floor=False, respondents=None):
    """A few journeys, not measured: each worker has imported its code, compiled its
    templates and opened its database connection before the runs, as on a server that has
    been up for a while."""
    clients = cfg["workers"] * cfg["threads"]
    asyncio.run(run_capacity(base, token, questions, clients, clients * 20,
                             floor=floor, respondents=respondents))


def room(base, token, questions, cfg, respondents, kind=Respondent):
    report = asyncio.run(room_phase(base, token, questions, cfg, respondents, kind)).report()
    log(f"  room: {report['requests']} requests in {report['wall_s']} s, errors "
        f"{report['errors']}, ms {report['latency_ms_by_method']}")
    return report


def room_met(report):
    by_method = report["latency_ms_by_method"]
    return bool(by_method) and all(
        (values.get("p95") or 0) <= TARGETS["room_p95_ms"]
        and (values.get("p99") or 0) <= TARGETS["room_p99_ms"] for values in by_method.values())


def client_bound(runs):
    """Runs in which this client (sharing the cores) used most of one: it set the pace."""
    return {name: report["client_cpu_share"] for name, report in runs.items()
            if (report.get("client_cpu_share") or 0) >= 0.8}


def start_server(app, env, folder, cfg, servers):
    server = Gunicorn(app, env, folder / f"{app.split(':')[0]}.log", cfg["workers"],
                      cfg["threads"])
    servers.append(server)
    server.start()
    return server


def measure(folder, cfg):
    log(f"making database {DATABASE} (migrate, framework, surveys)…")
    database_url = loadkit.create_pg_database(DATABASE)
    env = loadkit.server_env(database_url, folder / "static")
    loadkit.setup_django(env)
    survey, floor_survey = loadkit.build_surveys(2)
    item_ids = loadkit.survey_item_ids(survey)
    questions, token = len(item_ids), survey.token
    loadkit.close_django_connections()
    servers = []
    try:
        app = start_server("betterlives.wsgi:application", env, folder, cfg, servers)
        log(f"the service (production settings) on {app.base}: {cfg['workers']} workers x "
            f"{cfg['threads']} threads; survey of {questions} questions")
        respondents = []
        warm_up(app.base, token, questions, cfg, respondents=respondents)
        log(f"room: {cfg['users']} respondents, {cfg['seconds']:g} s, think "
            f"{cfg['think'][0]:g}-{cfg['think'][1]:g} s…")
        ours = {"room": room(app.base, token, questions, cfg, respondents)}
        log(f"burst: {cfg['burst']} sends released together…")
        ours["burst"] = asyncio.run(burst_phase(app.base, token, questions, cfg["burst"],
                                                respondents))
        log(f"  burst send p95 {ours['burst']['latency_ms'].get('burst_send', {}).get('p95')}"
            f" ms, acknowledged {ours['burst']['acknowledged']}/{ours['burst']['prepared']}")
        log(f"saturation: {cfg['saturation_users']} respondents, no think time…")
        ours["saturation"] = saturation(app.base, token, questions, cfg,
                                        respondents=respondents)
        app.stop()
        log("reconciling the database with what respondents were told…")
        reconciled = loadkit.reconcile(survey, respondents, item_ids)
        log(f"  {reconciled}")

        floor_env = {**env, "BENCH_FLOOR_SURVEY": str(floor_survey.pk)}
        floor_server = start_server("bench_floor:application", floor_env, folder, cfg, servers)
        log(f"the floor (bench_floor.py) on {floor_server.base}, the same two runs…")
        warm_up(floor_server.base, token, questions, cfg, floor=True)
        floor = {"saturation": saturation(floor_server.base, token, questions, cfg, floor=True)}
        floor["room"] = room(floor_server.base, token, questions, cfg, [],
                             kind=FloorRespondent)
        floor_server.stop()
        return ours, floor, reconciled, questions
    except BaseException:
        for server in servers:
            log(f"--- {server.app} log ---\n{server.log_tail()}")
        raise
    finally:
        for server in servers:
            server.stop()


def summary(cfg, ours, floor, reconciled, questions, started_load):
    ours_rps, floor_rps = ours["saturation"]["rps"], floor["saturation"]["rps"]
    ratio = round(ours_rps / floor_rps, 3) if floor_rps else None
    burst = ours["burst"]
    burst_p95 = burst["latency_ms"].get("burst_send", {}).get("p95")
    bound = client_bound({
        "survey saturation": ours["saturation"], "survey room": ours["room"],
        "survey burst": burst, "floor saturation": floor["saturation"],
        "floor room": floor["room"]})
    errors = (ours["room"]["errors"] + ours["saturation"]["errors"] + burst["errors"]
              + burst["preparation_errors"])
    return {
        "benchmark": "survey against the floor (PostgreSQL, gunicorn, production settings)",
        "cpus": os.cpu_count(), "loadavg_before": started_load,
        "loadavg_after": loadkit.loadavg(), "questions": questions,
        "workers": cfg["workers"], "threads": cfg["threads"],
        "saturation_users": cfg["saturation_users"], "room_users": cfg["users"],
        "think_s": cfg["think"],
        "survey_rps": ours_rps, "floor_rps": floor_rps, "ratio_to_floor": ratio,
        "room_ms": {"survey": ours["room"]["latency_ms_by_method"],
                    "floor": floor["room"]["latency_ms_by_method"]},
        "burst_send_ms": burst["latency_ms"].get("burst_send", {"n": 0}),
        "errors": errors,
        "stored": reconciled["stored"], "acknowledged": reconciled["acknowledged"],
        "duplicated": reconciled["duplicated"], "lost": reconciled["lost"],
        "targets": TARGETS["text"],
        "met": {
            "ratio_to_floor": ratio is not None and ratio >= TARGETS["ratio_to_floor"],
            "ratio_moonshot": ratio is not None and ratio >= TARGETS["ratio_moonshot"],
            "room_latency": room_met(ours["room"]),
            "no_errors": errors == 0,
            "nothing_lost_or_duplicated": reconciled["ok"],
            "floor_not_client_bound": "floor saturation" not in bound,
            "burst_send_p95": burst_p95 is not None
            and burst_p95 <= TARGETS["burst_send_p95_ms"],
        },
        "client_bound": bound,
        "survey": ours, "floor": floor, "reconcile": reconciled,
    }


def main():
    loadkit.install_signal_handlers()
    cfg = config()
    started_load = loadkit.loadavg()
    result, failed = None, False
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        try:
            ours, floor, reconciled, questions = measure(Path(folder), cfg)
            result = summary(cfg, ours, floor, reconciled, questions, started_load)
            failed = not reconciled["ok"]
        except KeyboardInterrupt:
            log("stopped")
            failed = True
        except Exception as error:  # report, clean up, and say so in the JSON
            import traceback

            traceback.print_exc()
            result = {"benchmark": "survey load", "error": f"{type(error).__name__}: {error}"}
            failed = True
        finally:
            loadkit.close_django_connections()
            loadkit.drop_pg_database(DATABASE)
    if result is not None:
        print(json.dumps(result))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
