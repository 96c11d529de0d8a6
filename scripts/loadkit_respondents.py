"""Simulated respondents that answer the real survey over HTTP as a phone's browser does: their
own cookies, the CSRF token from each form, the hidden response key, POST then follow the
redirect; with think time between pages, and optional retries of anything that failed. Also
the same journey against scripts/bench_floor.py, and the capacity runs (as many requests as
the server takes, without think time).
"""

import asyncio
import html as html_lib
import random
import re
import time

from loadkit_http import FastClient
from loadkit_stats import OutOfTickets, Stats, Tickets

SENT_TEXT = "Your answers have been sent"
COMMENTS = [
    "The bus pass time limit stops me getting to college.",
    "My support worker listens to me – diolch!",
    "I would like to choose who helps me.",
    "Sometimes it is good, sometimes not.",
]


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
