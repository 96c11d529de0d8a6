"""Proof that the service scales out (`make bench-scale`): two app servers behind nginx.

1. Makes a fresh PostgreSQL database `bench_scale` (migrate, the framework, two evaluations
   with an open Easy Read survey, a workshop, a facilitator) and the shared cache: the
   database cache (`createcachetable`) by default, Redis with BENCH_CACHE=redis when the
   `redis` package is installed (BENCH_REDIS_URL, default redis://127.0.0.1:6379/0).
2. Starts two gunicorn app servers with the production settings and the settings of
   docs/deploy.md for several servers (CACHE_URL, TASKS_BACKEND=database,
   CLIENT_ADDRESS_HEADER=HTTP_X_FORWARDED_FOR, TRUSTED_PROXY_COUNT=1), one `db_worker`, and
   nginx from the OS packages in front (scripts/scale_kit.py): round robin, no sticky
   sessions, X-Forwarded-For appended, and X-Upstream on every answer naming the server.
3. While BENCH_USERS respondents (40) answer the survey through nginx for BENCH_SECONDS (30),
   thinking BENCH_THINK seconds (0.2-0.8) before each form, the checks of
   scripts/scale_checks.py run through nginx too:
   - sessions: every respondent's requests were answered by both servers, and the database
     holds exactly what each was told (loadkit.reconcile);
   - resume codes: saved through one server, resumed on a fresh browser through the other;
   - rate limits: wrong resume codes from one address are refused after exactly
     RATE_LIMIT_CODE (BENCH_CODE_LIMIT, 20) whichever server answers; another address has
     its own count; a forged X-Forwarded-For does not escape it;
   - live votes: BENCH_PHONES phones (30) vote through both servers; the tally read through
     each server is the same and complete; a double-clicked Start makes one vote;
   - report jobs: asked through server 1 and again through server 2, made by the db_worker,
     downloaded through server 2: one Report row, one task, the same bytes.
4. Prints one JSON line last. Exits 1 if any check fails. Stops every process it started and
   drops the database even on failure or Ctrl+C.
"""

import asyncio
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadkit  # noqa: E402
import scale_checks  # noqa: E402
import scale_kit  # noqa: E402
from loadkit import log  # noqa: E402
from loadkit_http import FastClient  # noqa: E402
from loadkit_respondents import Respondent  # noqa: E402
from loadkit_server import Gunicorn  # noqa: E402
from loadkit_stats import Stats, summary_ms  # noqa: E402

DATABASE = "bench_scale"
CACHE_TABLE = "bench_scale_cache"


def config():
    cache = os.environ.get("BENCH_CACHE", "db")
    if cache == "redis":
        try:
            import redis  # noqa: F401
        except ImportError:
            log("BENCH_CACHE=redis but the redis package is not installed: using the "
                "database cache")
            cache = "db"
    return {
        **loadkit.run_config(users=40, think="0.2-0.8", workers=2),
        "phones": int(os.environ.get("BENCH_PHONES", "30")),
        "resumes": int(os.environ.get("BENCH_RESUMES", "4")),
        "code_limit": int(os.environ.get("BENCH_CODE_LIMIT", "20")),
        "cache": cache,
        "cache_url": (os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
                      if cache == "redis" else f"dbcache://{CACHE_TABLE}"),
    }


def settings_used(cfg):
    """The settings for several app servers (docs/deploy.md), as the servers get them."""
    return {
        "CACHE_URL": cfg["cache_url"],
        "TASKS_BACKEND": "database",
        "CLIENT_ADDRESS_HEADER": "HTTP_X_FORWARDED_FOR",
        "TRUSTED_PROXY_COUNT": "1",
        "RATE_LIMIT_CODE": str(cfg["code_limit"]),
    }


async def load(base, token, questions, cfg, respondents):
    """People answering the survey through the balancer, each with its own cookies."""
    stats = Stats()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + cfg["seconds"]
    rng = random.Random(1)  # noqa: S311 - made-up answers and timings
    ramp = min(cfg["seconds"] / 3, max(cfg["think"][1], 1.0) * 2)
    async with FastClient(cfg["users"] + 10) as client:
        async def user(number):
            await asyncio.sleep(rng.uniform(0, ramp))
            while loop.time() < deadline:
                respondent = Respondent(
                    scale_kit.Tracked(client), base, token, questions, stats, number=number,
                    think=cfg["think"], rng=random.Random(rng.random()))  # noqa: S311
                respondents.append(respondent)
                await respondent.journey()

        tasks = [asyncio.ensure_future(user(n)) for n in range(cfg["users"])]
        _done, pending = await asyncio.wait(tasks, timeout=cfg["seconds"] + cfg["drain"])
        for task in pending:
            task.cancel()
            stats.error("load", "cut-at-drain-limit")
        await asyncio.gather(*pending, return_exceptions=True)
    stats.stop()
    return stats


async def run(nginx, cfg, data, respondents, savers):
    checks_stats = Stats()
    checks = {
        "resume_codes": scale_checks.resume_codes(nginx, data["resume_survey"],
                                                  data["questions"], checks_stats,
                                                  cfg["resumes"], savers),
        "rate_limits": scale_checks.rate_limits(nginx, cfg["code_limit"]),
        "live_votes": scale_checks.live_votes(nginx, data["workshop"], cfg["phones"]),
        "reports": scale_checks.reports(nginx, data["evaluation"]),
    }
    stats, *results = await asyncio.gather(
        load(nginx.base, data["token"], data["questions"], cfg, respondents),
        *checks.values(), return_exceptions=True)
    if isinstance(stats, BaseException):
        raise stats
    named = {}
    for name, result in zip(checks, results, strict=True):
        named[name] = (result if not isinstance(result, BaseException)
                       else {"ok": False, "error": f"{type(result).__name__}: {result}"})
    return stats, checks_stats, named


def sessions_check(respondents, reconciled, stats):
    """Every person who sent was answered by both servers, and nothing was lost."""
    sent = [r for r in respondents if r.acknowledged]
    both = sum(1 for r in sent if len(set(r.client.upstreams)) == 2)
    switches = sum(sum(1 for a, b in zip(r.client.upstreams, r.client.upstreams[1:],
                                         strict=False) if a != b) for r in sent)
    requests = sum(len(r.client.upstreams) for r in sent)
    return {"ok": bool(sent) and both == len(sent) and reconciled["ok"]
            and stats.report()["errors"] == 0,
            "respondents_sent": len(sent), "answered_by_both_servers": both,
            "server_changes_between_consecutive_requests": round(
                switches / max(1, requests - len(sent)), 2),
            "lost": reconciled["lost"], "duplicated": reconciled["duplicated"],
            "mismatched_answers": reconciled["mismatched_answers"]}


def nginx_version():
    try:
        done = subprocess.run([scale_kit.nginx_binary(), "-v"], capture_output=True,  # noqa: S603
                              text=True, timeout=10)
        return done.stderr.strip().split("/")[-1]
    except Exception:  # noqa: BLE001 - only for the report
        return None


def main():
    loadkit.install_signal_handlers()
    cfg = config()
    started_load = loadkit.loadavg()
    processes, result, failed = [], None, True
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        folder = Path(folder)
        try:
            log(f"making database {DATABASE} (migrate, framework, surveys, cache table)…")
            database_url = loadkit.create_pg_database(DATABASE)
            env = loadkit.server_env(database_url, folder / "static", **settings_used(cfg))
            if os.environ.get("PYTHONPATH"):  # e.g. where the redis package was installed
                env["PYTHONPATH"] += os.pathsep + os.environ["PYTHONPATH"]
            loadkit.setup_django(env)
            survey, resume_survey = loadkit.build_surveys(2)
            if cfg["cache"] == "db":
                from django.core.management import call_command

                call_command("createcachetable", verbosity=0)
            data = {"token": survey.token, "item_ids": loadkit.survey_item_ids(survey),
                    "resume_survey": resume_survey, "evaluation": survey.evaluation,
                    "workshop": scale_checks.build(survey.evaluation)}
            data["questions"] = len(data["item_ids"])
            loadkit.close_django_connections()

            apps = [Gunicorn("betterlives.wsgi:application", env,
                             folder / f"app{n}.log", cfg["workers"], cfg["threads"])
                    for n in (1, 2)]
            for app in apps:
                processes.append(app)
                app.start()
            worker = scale_kit.DbWorker(env, folder / "db_worker.log")
            processes.append(worker)
            worker.start()
            nginx = scale_kit.Nginx(folder, [app.base.removeprefix("http://") for app in apps])
            processes.append(nginx)
            nginx.start()
            names = {address: f"app{n}" for n, address in enumerate(nginx.servers, 1)}
            log(f"nginx on {nginx.base} -> {', '.join(nginx.servers)} ({cfg['workers']} "
                f"workers x {cfg['threads']} threads each), db_worker, cache {cfg['cache']}")

            respondents, savers = [], []
            log(f"load: {cfg['users']} respondents for {cfg['seconds']:g} s through nginx, "
                "with the checks alongside…")
            stats, checks_stats, checks = asyncio.run(run(nginx, cfg, data, respondents,
                                                          savers))
            nginx.stop()  # finishes requests in flight, then its log is complete
            for process in processes:
                process.stop()
            through_nginx = nginx.access_log()
            report = stats.report()

            log("reconciling the database with what respondents were told…")
            reconciled = loadkit.reconcile(survey, respondents, data["item_ids"])
            resumed = loadkit.reconcile(resume_survey, savers,
                                        loadkit.survey_item_ids(resume_survey))
            checks["resume_codes"]["ok"] &= resumed["ok"] and resumed["stored"] == cfg["resumes"]
            checks["resume_codes"]["stored"] = resumed["stored"]
            checks = {"sessions": sessions_check(respondents, reconciled, stats), **checks}

            by_server = Counter()
            for (upstream, _status), count in through_nginx.items():
                by_server[names.get(upstream, upstream)] += count
            total = sum(by_server.values())
            told = Counter(names.get(u, u) for r in respondents for u in r.client.upstreams)
            all_latency = [value for values in stats.latency.values() for value in values]
            overall = summary_ms(all_latency)
            failed = not all(check["ok"] for check in checks.values())
            result = {
                "benchmark": "scale-out: two app servers behind nginx (PostgreSQL, production "
                             "settings, db_worker, shared cache)",
                "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "cpus": os.cpu_count(), "loadavg_before": started_load,
                "loadavg_after": loadkit.loadavg(),
                "load_balancer": f"nginx {nginx_version()} round robin, no sticky sessions",
                "servers": {names[a]: a for a in nginx.servers},
                "workers": cfg["workers"], "threads": cfg["threads"], "db_workers": 1,
                "cache": cfg["cache"], "settings": settings_used(cfg),
                "users": cfg["users"], "seconds": cfg["seconds"], "think_s": cfg["think"],
                "questions": data["questions"],
                "requests_by_server": dict(sorted(by_server.items())),
                "share": {name: round(count / total, 3)
                          for name, count in sorted(by_server.items())} if total else {},
                "checks": {name: check["ok"] for name, check in checks.items()},
                "ok": not failed,
                "rps": report["rps"], "requests": report["requests"],
                "latency_ms": {"all": overall, **{g: s for g, s in
                                                  report["latency_ms"].items()}},
                "errors": report["errors"] + checks_stats.report()["errors"],
                "errors_by_kind": {**report["errors_by_kind"],
                                   **checks_stats.report()["errors_by_kind"]},
                "report_double_click_copies": checks["reports"].get(
                    "double_click_on_both_servers_rows"),
                "stored": reconciled["stored"], "acknowledged": reconciled["acknowledged"],
                "lost": reconciled["lost"] + resumed["lost"],
                "duplicated": reconciled["duplicated"] + resumed["duplicated"],
                "load_requests_by_server_seen_by_client": dict(sorted(told.items())),
                "nginx_statuses": dict(Counter(str(s) for (_u, s) in through_nginx.elements())),
                "client_cpu_share": report["client_cpu_share"],
                "check_details": checks, "reconcile": reconciled,
                "reconcile_resumed": resumed,
            }
            for name, check in checks.items():
                log(f"  {name}: {'ok' if check['ok'] else 'FAILED'} {check}")
        except KeyboardInterrupt:
            log("stopped")
        except Exception as error:  # report, clean up, and say so in the JSON
            import traceback

            traceback.print_exc()
            for process in processes:
                log(f"--- {type(process).__name__} log ---\n{process.log_tail()}")
            result = {"benchmark": "scale-out", "ok": False,
                      "error": f"{type(error).__name__}: {error}"}
        finally:
            keep = os.environ.get("BENCH_KEEP_LOGS")
            if keep:  # for a look at the servers', nginx's and the worker's logs afterwards
                import shutil

                shutil.copytree(folder, keep, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("static", "nginx-*[!g]"))
            for process in reversed(processes):
                try:
                    process.stop()
                except Exception as error:  # noqa: BLE001 - keep cleaning up
                    log(f"could not stop {type(process).__name__}: {error}")
            loadkit.close_django_connections()
            loadkit.drop_pg_database(DATABASE)
    if result is not None:
        print(json.dumps(result))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
