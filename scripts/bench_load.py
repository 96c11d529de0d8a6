"""Load benchmark of the survey (`make bench`): a room of people answering and pressing "send".

1. Makes a fresh PostgreSQL database `bench_load` (migrate, the framework, an evaluation with
   an open Easy Read survey) and starts gunicorn with the production settings on a free
   loopback port: gthread, 3 workers x 4 threads by default. On 2 cores: 3 processes keep both
   cores busy while one waits on PostgreSQL (Python runs one thread at a time per process);
   the 4 threads of each overlap database round trips and slow clients; 12 connections in all
   stay far below PostgreSQL's 100, and leave CPU for PostgreSQL and this client.
2. Load: BENCH_USERS respondents (200) on their own phones, each thinking BENCH_THINK seconds
   (1-3) before every form: open the link, choose the language, start, each question (page,
   then answer), "did someone help", check answers, send, confirmation page. They arrive over
   the first few seconds, as a room told "off you go", and start again after sending until
   BENCH_SECONDS (30) have passed; anyone half-way then finishes, so every journey ends with
   a send (at most BENCH_DRAIN seconds more, 300). The Easy Read survey has about 26
   questions, so one journey takes about a minute with the default think time: the phase
   lasts about max(BENCH_SECONDS, one journey).
3. Burst: BENCH_BURST respondents (100) answer up to "check your answers"; then all their sends
   are released at once.
4. Capacity and floor: the same number of requests, in the same order of GETs and POSTs, as
   fast as BENCH_CAPACITY_CLIENTS clients (24) can send them, first at the service and then at
   scripts/bench_floor.py (a bare Django view doing the same inserts) under the same gunicorn
   settings. Throughput with think time measures the room, not the server: the capacity run
   measures the server, and ratio_to_floor = capacity rps / floor rps.
5. Reconciles the database with what every respondent was told (see loadkit.reconcile).

The last line printed is JSON. Exits 1 if an answer was lost, duplicated or changed; speed
against the aim is reported, not enforced (take figures on a quiet machine). The database is
dropped and gunicorn stopped even on failure or Ctrl+C.
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

DATABASE = "bench_load"
AIM = {"text": "200 concurrent respondents with p95 <= 250 ms for every step, no errors, "
               "nothing lost or duplicated; burst of 100 sends with p95 <= 2 s",
       "load_p95_ms": 250, "burst_send_p95_ms": 2000}


def config():
    think = os.environ.get("BENCH_THINK", "1-3")
    low, _, high = think.partition("-")
    return {
        "users": int(os.environ.get("BENCH_USERS", "200")),
        "seconds": float(os.environ.get("BENCH_SECONDS", "30")),
        "think": (float(low), float(high or low)),
        "drain": float(os.environ.get("BENCH_DRAIN", "300")),
        "burst": int(os.environ.get("BENCH_BURST", "100")),
        "workers": int(os.environ.get("BENCH_WORKERS", "3")),
        "threads": int(os.environ.get("BENCH_THREADS", "4")),
        "capacity_clients": int(os.environ.get("BENCH_CAPACITY_CLIENTS", "24")),
        "capacity_requests": int(os.environ.get("BENCH_CAPACITY_REQUESTS", "0")),
    }


async def load_phase(base, token, questions, cfg, respondents):
    stats = loadkit.Stats()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + cfg["seconds"]
    rng = random.Random(1)  # noqa: S311 - made-up answers and timings
    ramp = min(cfg["seconds"] / 3, max(cfg["think"][1], 1.0) * 2)

    async with loadkit.FastClient(cfg["users"] + 10) as client:
        async def user(number):
            await asyncio.sleep(rng.uniform(0, ramp))  # people do not all tap at once
            while loop.time() < deadline:
                respondent = loadkit.Respondent(
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
    prepare, stats = loadkit.Stats(), loadkit.Stats()
    ready = []
    async with loadkit.FastClient(count + 10) as client:
        gate = asyncio.Semaphore(20)

        async def get_ready(number):
            respondent = loadkit.Respondent(client, base, token, questions, prepare,
                                            number=number,
                                            rng=random.Random(number))  # noqa: S311
            respondents.append(respondent)
            async with gate:
                try:
                    page = await respondent.answer_up_to_check()
                except loadkit.StepFailed as error:
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
            except loadkit.StepFailed as error:
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


def headline(stats_report, groups):
    return {group: stats_report["latency_ms"].get(group, {"n": 0}) for group in groups}


def main():
    loadkit.install_signal_handlers()
    cfg = config()
    started_load = loadkit.loadavg()
    servers = []
    result = None
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        folder = Path(folder)
        try:
            log(f"making database {DATABASE} (migrate, framework, survey)…")
            database_url = loadkit.create_pg_database(DATABASE)
            env = loadkit.server_env(database_url, folder / "static")
            loadkit.setup_django(env)
            survey, floor_survey = loadkit.build_surveys(2)
            item_ids = loadkit.survey_item_ids(survey)
            questions = len(item_ids)
            token = survey.token
            loadkit.close_django_connections()

            app = loadkit.Gunicorn("betterlives.wsgi:application", env, folder / "app.log",
                                   cfg["workers"], cfg["threads"])
            servers.append(app)
            app.start()
            log(f"gunicorn (production settings) on {app.base}: {cfg['workers']} workers x "
                f"{cfg['threads']} threads; survey of {questions} questions")

            respondents = []
            log(f"load: {cfg['users']} respondents, {cfg['seconds']:g} s, think "
                f"{cfg['think'][0]:g}-{cfg['think'][1]:g} s…")
            load = asyncio.run(load_phase(app.base, token, questions, cfg, respondents))
            load_report = load.report()
            log(f"  {load_report['requests']} requests in {load_report['wall_s']} s, "
                f"{load_report['rps']} rps, errors {load_report['errors']}, "
                f"p95 ms {[(g, s.get('p95')) for g, s in load_report['latency_ms'].items()]}")

            log(f"burst: {cfg['burst']} sends released together…")
            burst = asyncio.run(burst_phase(app.base, token, questions, cfg["burst"],
                                            respondents))
            log(f"  burst send p95 "
                f"{burst['latency_ms'].get('burst_send', {}).get('p95')} ms, acknowledged "
                f"{burst['acknowledged']}/{burst['prepared']}, errors {burst['errors']}")

            capacity_requests = cfg["capacity_requests"] or max(
                500, min(load_report["requests"], 3000))
            log(f"capacity: {capacity_requests} requests from {cfg['capacity_clients']} clients "
                "with no think time, at the service…")
            capacity_respondents = []
            capacity = asyncio.run(loadkit.run_capacity(
                app.base, token, questions, cfg["capacity_clients"], capacity_requests,
                respondents=capacity_respondents))
            capacity_report = capacity.report()
            log(f"  {capacity_report['rps']} rps, errors {capacity_report['errors']}")
            app.stop()

            log("reconciling the database with what respondents were told…")
            reconciled = loadkit.reconcile(survey, respondents + capacity_respondents, item_ids)
            log(f"  {reconciled}")

            floor_env = {**env, "BENCH_FLOOR_SURVEY": str(floor_survey.pk)}
            floor = loadkit.Gunicorn("bench_floor:application", floor_env, folder / "floor.log",
                                     cfg["workers"], cfg["threads"])
            servers.append(floor)
            floor.start()
            log("  …and the same at the floor (bench_floor.py)")
            floor_stats = asyncio.run(loadkit.run_capacity(
                floor.base, token, questions, cfg["capacity_clients"], capacity_requests,
                floor=True))
            floor.stop()
            floor_report = floor_stats.report()
            log(f"  floor {floor_report['rps']} rps, errors {floor_report['errors']}")

            ratio = (round(capacity_report["rps"] / floor_report["rps"], 3)
                     if floor_report["rps"] else None)
            load_p95 = [s.get("p95") or 0 for s in load_report["latency_ms"].values()]
            burst_p95 = burst["latency_ms"].get("burst_send", {}).get("p95")
            met = {
                "load_p95": bool(load_p95) and max(load_p95) <= AIM["load_p95_ms"],
                "no_errors": load_report["errors"] == 0 and burst["errors"] == 0
                and burst["preparation_errors"] == 0,
                "nothing_lost_or_duplicated": reconciled["ok"],
                "burst_p95": burst_p95 is not None and burst_p95 <= AIM["burst_send_p95_ms"],
            }
            failed = not reconciled["ok"]
            # This client shares the 2 cores: where it used most of one, it set the pace.
            client_bound = {name: report["client_cpu_share"] for name, report in (
                ("load", load_report), ("burst", burst), ("capacity", capacity_report),
                ("floor", floor_report)) if (report.get("client_cpu_share") or 0) >= 0.8}
            notes = []
            if "floor" in client_bound:
                notes.append("the client was the bottleneck of the floor run: floor_rps is a "
                             "lower bound and ratio_to_floor an upper bound")
            if "capacity" in client_bound:
                notes.append("the client was the bottleneck of the capacity run: capacity_rps "
                             "is a lower bound")
            result = {
                "benchmark": "survey load (PostgreSQL, gunicorn, production settings)",
                "users": cfg["users"], "seconds": cfg["seconds"], "think_s": cfg["think"],
                "questions": questions, "workers": cfg["workers"], "threads": cfg["threads"],
                "cpus": os.cpu_count(), "loadavg_before": started_load,
                "loadavg_after": loadkit.loadavg(),
                "rps": load_report["rps"],
                "latency_ms": {**headline(load_report, ("page", "answer", "send")),
                               "burst_send": burst["latency_ms"].get("burst_send", {"n": 0})},
                "errors": load_report["errors"] + burst["errors"]
                + burst["preparation_errors"],
                "stored": reconciled["stored"], "acknowledged": reconciled["acknowledged"],
                "duplicated": reconciled["duplicated"], "lost": reconciled["lost"],
                "floor_rps": floor_report["rps"], "capacity_rps": capacity_report["rps"],
                "ratio_to_floor": ratio,
                "aim": AIM["text"], "aim_met": met,
                "client_bound": client_bound, "notes": notes,
                "load": load_report, "burst": burst, "capacity": capacity_report,
                "floor": floor_report, "reconcile": reconciled,
            }
        except KeyboardInterrupt:
            log("stopped")
            failed = True
        except Exception as error:  # report, clean up, and say so in the JSON
            import traceback

            traceback.print_exc()
            for server in servers:
                log(f"--- {server.app} log ---\n{server.log_tail()}")
            result = {"benchmark": "survey load", "error": f"{type(error).__name__}: {error}"}
            failed = True
        finally:
            for server in servers:
                server.stop()
            loadkit.close_django_connections()
            loadkit.drop_pg_database(DATABASE)
    if result is not None:
        print(json.dumps(result))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
