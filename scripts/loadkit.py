"""Shared parts of the load benchmark (bench_load.py) and the fault drills (faults.py).

- a throwaway database (PostgreSQL `bench_*`, or a SQLite file) with the framework and an open
  Easy Read survey, made with the project's own services;
- gunicorn with the production settings (scripts/bench_settings.py) on a free loopback port;
- simulated respondents that answer the real survey over HTTP as a phone's browser does: their
  own cookies, the CSRF token from each form, the hidden response key, POST then follow the
  redirect; with think time between pages, and optional retries of anything that failed;
- reconciling the database with what the respondents were told afterwards.

Only loopback addresses are used, every loop is bounded in count and time, and everything
started here is stopped by its process id.
"""

import asyncio
import html as html_lib
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# One random key per run: production settings refuse short or "django-insecure" keys.
SECRET_KEY = "bench-" + secrets.token_urlsafe(60)
SENT_TEXT = "Your answers have been sent"
UNAVAILABLE_TEXT = "Sorry, the service is unavailable"
COMMENTS = [
    "The bus pass time limit stops me getting to college.",
    "My support worker listens to me – diolch!",
    "I would like to choose who helps me.",
    "Sometimes it is good, sometimes not.",
]


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
    from evaluations.selectors.evaluations import survey_items

    return [item.pk for item in survey_items(survey)]


def close_django_connections():
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: S110 - best effort while cleaning up
        pass


# The web server --------------------------------------------------------------------------------

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


# Measuring -------------------------------------------------------------------------------------

def percentile(sorted_values, fraction):
    if not sorted_values:
        return None
    index = max(0, min(len(sorted_values) - 1, int(round(fraction * len(sorted_values))) - 1))
    return sorted_values[index]


def summary_ms(values):
    values = sorted(values)
    if not values:
        return {"n": 0}
    return {"n": len(values),
            "p50": round(percentile(values, 0.50) * 1000, 1),
            "p95": round(percentile(values, 0.95) * 1000, 1),
            "p99": round(percentile(values, 0.99) * 1000, 1),
            "max": round(values[-1] * 1000, 1)}


# Steps are grouped as the report shows them: pages read, answers saved, sends.
GROUPS = {
    "open": "page", "welcome": "page", "question": "page", "helped_page": "page",
    "check": "page", "sent": "page",
    "language": "answer", "start": "answer", "answer": "answer", "helped": "answer",
    "send": "send",
}


# ... and by HTTP method: every page is a GET, every answer and send a POST.
METHODS = {"page": "get", "answer": "post", "send": "post"}


class Stats:
    def __init__(self):
        self.latency = defaultdict(list)
        self.errors = Counter()
        self.requests = 0
        self.in_flight = 0
        self.started = time.monotonic()
        self.finished = None
        self.cpu_started = time.process_time()
        self.cpu = None

    def record(self, step, seconds):
        self.latency[step].append(seconds)

    def error(self, step, kind):
        self.errors[f"{step}:{kind}"] += 1

    def restart(self):
        """Measure from now (after a preparation that should not count)."""
        self.started = time.monotonic()
        self.cpu_started = time.process_time()

    def stop(self):
        self.finished = time.monotonic()
        self.cpu = time.process_time() - self.cpu_started

    @property
    def wall(self):
        return (self.finished or time.monotonic()) - self.started

    def by_group(self, rename=None):
        grouped = defaultdict(list)
        for step, values in self.latency.items():
            group = GROUPS.get(step, step)
            grouped[(rename or {}).get(group, group)].extend(values)
        return {group: summary_ms(values) for group, values in sorted(grouped.items())}

    def by_step(self):
        return {step: summary_ms(values) for step, values in sorted(self.latency.items())}

    def by_method(self):
        grouped = defaultdict(list)
        for step, values in self.latency.items():
            grouped[METHODS.get(GROUPS.get(step), "post")].extend(values)
        return {method: summary_ms(values) for method, values in sorted(grouped.items())}

    def report(self, rename=None):
        return {"requests": self.requests, "wall_s": round(self.wall, 1),
                "rps": round(self.requests / self.wall, 1) if self.wall else None,
                "latency_ms": self.by_group(rename), "latency_ms_by_method": self.by_method(),
                "latency_ms_by_step": self.by_step(),
                "errors": sum(self.errors.values()), "errors_by_kind": dict(self.errors),
                # CPU this client used over the wall time: near 1.0 would mean the client,
                # not the server, set the pace.
                "client_cpu_share": round(self.cpu / self.wall, 2)
                if self.cpu is not None and self.wall else None}


class Tickets:
    """A fixed number of requests shared by many clients (the capacity runs)."""

    def __init__(self, count):
        self.left = count

    def take(self):
        if self.left <= 0:
            return False
        self.left -= 1
        return True


class OutOfTickets(Exception):
    pass


class StepFailed(Exception):
    pass


# Respondents -----------------------------------------------------------------------------------

INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')


def form_inputs(page):
    """(name, value) of each <input> in the page."""
    found = []
    for tag in INPUT.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            found.append((attributes["name"], html_lib.unescape(attributes.get("value", ""))))
    return found


def first_input(page, name):
    return next((value for key, value in form_inputs(page) if key == name), None)


class Respondent:
    """One person on their own phone, answering the survey from the link to "sent".

    Knows its own cookies (the production cookies are Secure: we pass them ourselves over the
    loopback HTTP, as the TLS proxy in front would), remembers every response key it was shown,
    which answers the server confirmed, and whether it saw the confirmation page.
    """

    def __init__(self, client, base, token, questions, stats, *, number=0, think=(0, 0),
                 retry_for=0.0, tickets=None, rng=None):
        self.client, self.base, self.token = client, base, token
        self.questions, self.stats, self.number = questions, stats, number
        self.think_range, self.retry_for, self.tickets = think, retry_for, tickets
        self.rng = rng or random.Random()  # noqa: S311 - made-up answers
        self.cookies = {}
        self.keys = []             # every response key the server's forms carried
        self.confirmed = {}        # question number -> (choice, comment), once redirected on
        self.helped = None         # confirmed "someone helped" answer
        self.acknowledged = False  # saw "Your answers have been sent"
        self.send_attempts = 0
        self.failed = None         # the step that failed for good, if any
        self.retries = 0
        self.retry_pause = (0.3, 1.0)  # seconds before pressing the button again

    @property
    def key(self):
        return self.keys[-1] if self.keys else None

    def url(self, path):
        return f"/s/{self.token}/{path}"

    async def think(self):
        low, high = self.think_range
        if high > 0:
            await asyncio.sleep(self.rng.uniform(low, high))

    # One request, timed, with cookies; retried while retry_for allows.
    async def request(self, step, method, path, data=None, expect=200):
        deadline = time.monotonic() + self.retry_for
        while True:
            try:
                return await self._request_once(step, method, path, data, expect)
            except StepFailed:
                if time.monotonic() >= deadline:
                    raise
                self.retries += 1
                await asyncio.sleep(self.rng.uniform(*self.retry_pause))

    async def _request_once(self, step, method, path, data, expect):
        import httpx

        if self.tickets is not None and not self.tickets.take():
            raise OutOfTickets
        origin = self.base.replace("http://", "https://")
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "en-GB,en;q=0.8",
                   "User-Agent": "better-lives-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = origin
            headers["Referer"] = origin + path
        self.stats.requests += 1
        self.stats.in_flight += 1
        started = time.perf_counter()
        try:
            reply = await self.client.request(method, self.base + path, data=data,
                                              headers=headers)
        except (httpx.HTTPError, *FastClient.errors()) as error:
            self.stats.error(step, type(error).__name__)
            raise StepFailed(f"{step}: {type(error).__name__}") from error
        finally:
            self.stats.in_flight -= 1
        elapsed = time.perf_counter() - started
        self.keep_cookies(reply)
        if reply.status_code != expect:
            self.stats.error(step, str(reply.status_code))
            if reply.status_code >= 500:
                self.check_no_trace(reply)
            raise StepFailed(f"{step}: HTTP {reply.status_code}")
        self.stats.record(step, elapsed)
        if expect == 200:
            key = first_input(reply.text, "response_key")
            if key and key not in self.keys:
                self.keys.append(key)
        return reply

    def check_no_trace(self, reply):
        body = reply.text
        if "Traceback" in body or "OperationalError" in body or "InterfaceError" in body:
            self.stats.error("any", "trace-in-body")

    def keep_cookies(self, reply):
        for header in reply.headers.get_list("set-cookie"):
            pair = header.split(";", 1)[0]
            name, _, value = pair.partition("=")
            attributes = header.lower()
            if "max-age=0" in attributes or "expires=thu, 01 jan 1970" in attributes:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()

    async def get(self, step, path):
        return (await self.request(step, "GET", path)).text

    async def post(self, step, path, page, fields, next_path=None):
        """Send a form from `page` and return where the server sent us next."""
        data = {"csrfmiddlewaretoken": first_input(page, "csrfmiddlewaretoken") or ""}
        key = first_input(page, "response_key")
        if key:
            data["response_key"] = key
        data.update(fields)
        reply = await self.request(step, "POST", path, data=data, expect=302)
        location = reply.headers.get("location", "")
        if next_path is not None and not location.endswith(next_path):
            self.stats.error(step, "unexpected-redirect")
            raise StepFailed(f"{step}: sent to {location}, expected {next_path}")
        return location

    # The journey.
    async def begin(self):
        """Open the link, choose the language, press Start. Returns question 1's page."""
        page = await self.get("open", self.url(""))
        await self.think()
        await self.post("language", self.url(""), page, {"language": "en"}, self.url("welcome/"))
        page = await self.get("welcome", self.url("welcome/"))
        await self.think()
        await self.post("start", self.url("welcome/"), page, {}, self.url("q/1/"))
        return await self.get("question", self.url("q/1/"))

    async def answer(self, number, page, choice=None, comment=None):
        """Answer question `number` shown in `page` (a random answer unless given)."""
        if choice is None:
            choices = [value for name, value in form_inputs(page) if name == "choice" and value]
            choice = self.rng.choice(choices) if choices else ""
        if comment is None:
            comment = self.rng.choice(COMMENTS) if self.rng.random() < 0.25 else ""
        await self.think()
        following = (self.url(f"q/{number + 1}/") if number < self.questions
                     else self.url("helped/"))
        await self.post("answer", self.url(f"q/{number}/"), page,
                        {"choice": choice, "comment": comment, "action": "continue"},
                        following)
        self.confirmed[number] = (choice, comment)

    async def answer_up_to_check(self, first_page=None, first_number=1):
        """From the link (or from question `first_number`, shown in `first_page`) to the
        "check your answers" page. Returns that page."""
        page = first_page if first_page is not None else await self.begin()
        for number in range(first_number, self.questions + 1):
            if number > first_number:
                page = await self.get("question", self.url(f"q/{number}/"))
            await self.answer(number, page)
        page = await self.get("helped_page", self.url("helped/"))
        helped = self.rng.choice(["yes", "no", ""])
        await self.think()
        await self.post("helped", self.url("helped/"), page, {"helped": helped},
                        self.url("check/"))
        self.helped = {"yes": True, "no": False}.get(helped)
        page = await self.get("check", self.url("check/"))
        if SENT_TEXT in page:  # pragma: no cover - a response cannot be sent twice
            self.stats.error("check", "already-sent")
        return page

    async def send(self, check_page, step="send"):
        """Press "Send my answers", then read the confirmation page."""
        self.send_attempts += 1
        await self.post(step, self.url("send/"), check_page, {}, self.url("sent/"))
        page = await self.get("sent", self.url("sent/"))
        if SENT_TEXT not in page:
            self.stats.error("sent", "no-confirmation")
            raise StepFailed("sent page without the confirmation")
        self.acknowledged = True

    async def journey(self):
        """The whole survey. Failures are counted in the stats, never raised."""
        step = "answering"
        try:
            page = await self.answer_up_to_check()
            step = "sending"
            await self.think()
            await self.send(page)
        except (StepFailed, OutOfTickets) as error:
            self.failed = self.failed or f"{step}: {error}"
        return self


class FloorRespondent(Respondent):
    """The same count and order of GETs and POSTs against scripts/bench_floor.py.

    Cookies, the CSRF token from each page and a redirect after each POST, as on the survey;
    no templates: the floor's GETs return a few bytes, its POSTs do the survey's inserts and
    updates straight with the ORM, for the response the session holds.
    """

    async def step(self, get_step, post_step, fields):
        page = await self.get(get_step, "/f/page")
        await self.think()
        await self.post(post_step, self.posts[post_step], page, fields, "/f/page")

    posts = {"language": "/f/noop", "start": "/f/start", "answer": "/f/answer",
             "helped": "/f/update", "send": "/f/submit", "burst_send": "/f/submit"}

    async def answer_up_to_check(self):
        await self.step("open", "language", {"language": "en"})
        await self.step("welcome", "start", {})
        for number in range(1, self.questions + 1):
            await self.step("question", "answer", {
                "item": number, "choice": self.rng.choice(["good", "not_sure", "not_good"]),
                "comment": ""})
        await self.step("helped_page", "helped", {"helped": "yes"})
        return await self.get("check", "/f/page")

    async def send(self, check_page, step="send"):
        await self.post(step, self.posts[step], check_page, {}, "/f/page")
        await self.get("sent", "/f/page")
        self.acknowledged = True


def http_client(connections):
    """One connection pool for all simulated phones (cookies are kept per respondent).

    Idle connections are dropped after 2 s, before gunicorn's 5 s keep-alive closes them:
    otherwise a request sent on a connection at the moment the server closes it is reset
    (a browser silently sends such a request again; this client would count an error).
    """
    import httpx

    return httpx.AsyncClient(
        timeout=httpx.Timeout(30.0, connect=10.0), follow_redirects=False,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections,
                            keepalive_expiry=float(os.environ.get("BENCH_CLIENT_KEEPALIVE",
                                                                  "2"))),
    )


class FastReply:
    """What the respondents read of an answer, as httpx gives it: status, text, headers."""

    def __init__(self, status_code, text, headers):
        self.status_code, self.text, self.headers = status_code, text, FastHeaders(headers)


class FastHeaders:
    def __init__(self, headers):
        self._headers = headers

    def get(self, name, default=None):
        return self._headers.get(name, default)

    def get_list(self, name):
        return self._headers.getall(name, [])

    def __contains__(self, name):
        return name in self._headers


class FastClient:
    """The benchmark's client (`make bench`): one aiohttp connection pool for all simulated
    phones. aiohttp parses HTTP in C, so the client costs the shared cores a fraction of
    what httpx costs and the server, not the client, sets the pace. No cookie jar (each
    respondent keeps its own cookies) and no redirects followed, as with `http_client`."""

    def __init__(self, connections):
        self.connections = connections
        self.session = None

    @staticmethod
    def errors():
        import aiohttp

        return (aiohttp.ClientError, asyncio.TimeoutError)

    async def __aenter__(self):
        import aiohttp

        keepalive = float(os.environ.get("BENCH_CLIENT_KEEPALIVE", "2"))
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.connections, keepalive_timeout=keepalive),
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=30, connect=10),
        )
        return self

    async def __aexit__(self, *exc):
        await self.session.close()

    async def request(self, method, url, data=None, headers=None):
        async with self.session.request(method, url, data=data, headers=headers,
                                        allow_redirects=False) as reply:
            return FastReply(reply.status, await reply.text(), reply.headers)


async def run_capacity(base, token, questions, clients, requests, floor=False,
                       respondents=None):
    """As many requests as the server takes from `clients` respondents without think time."""
    stats, tickets = Stats(), Tickets(requests)
    kind = FloorRespondent if floor else Respondent
    async with FastClient(clients + 5) as client:
        async def worker(number):
            while tickets.left > 0:
                respondent = kind(client, base, token, questions, stats, number=number,
                                  tickets=tickets)
                if respondents is not None:
                    respondents.append(respondent)
                await respondent.journey()

        await asyncio.gather(*(worker(n) for n in range(clients)))
    stats.stop()
    return stats


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
