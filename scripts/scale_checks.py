"""The checks of `make bench-scale` (scripts/bench_scale.py): each shows that one kind of state
works whichever app server answers. They run through nginx while the survey load runs.

`pinned[0]` and `pinned[1]` are nginx listeners that pass everything to app server 1 or 2, so
a check can save through one server and read through the other; `base` balances across both.
Each check returns a dict with "ok" and what it saw. Client addresses are distinct loopback
addresses (127.0.0.2 …), so nginx's X-Forwarded-For names a different client for each.
"""

import asyncio
import collections
import re
import secrets

from loadkit_respondents import Respondent
from scale_kit import Browser, SourceClient, Tracked, gather_bounded

PASSWORD = "bench-scale-" + secrets.token_urlsafe(12)
FACILITATOR = "bench-facilitator"
STOP_CODE = re.compile(r'bl-code--large[^>]*>\s*([^<\s][^<]*?)\s*<')


async def orm(function, *args):
    """Run Django ORM work outside the event loop (its own thread and connection)."""
    def run():
        from django.db import connections

        try:
            return function(*args)
        finally:
            connections.close_all()

    return await asyncio.to_thread(run)


def build(evaluation):
    """The facilitator (no two-factor: only site administrators need it) and a workshop."""
    import datetime

    from betterlives.models import Role
    from betterlives.services import member_get_or_create
    from evaluations.services.workshops import workshop_create

    member_get_or_create(council=evaluation.council, username=FACILITATOR,
                         role=Role.FACILITATOR, password=PASSWORD)
    return workshop_create(evaluation=evaluation, title="Scale-out live vote",
                           held_on=datetime.date.today())


async def sign_in(browser, base):
    reply = await browser.form("/sign-in/", "/sign-in/",
                               {"username": FACILITATOR, "password": PASSWORD}, base=base)
    if reply.status_code != 302:
        raise RuntimeError(f"sign-in: HTTP {reply.status_code}")


# (b) resume codes ------------------------------------------------------------------------------

async def resume_codes(nginx, survey, questions, stats, pairs, savers):
    """Save through one server, get the resume code, carry on with a fresh browser (no
    cookies) through the other server, then finish through the balancer and send."""
    token, stop_at = survey.token, 4  # the Easy Read survey has about 26 questions
    seen = []
    async with SourceClient(10, "127.0.0.4") as client:
        async def one(number):
            save, resume = nginx.pinned[number % 2], nginx.pinned[1 - number % 2]
            first = Respondent(Tracked(client), save, token, questions, stats,
                               number=number)
            page = await first.begin()
            for question in range(1, stop_at):
                if question > 1:
                    page = await first.get("question", first.url(f"q/{question}/"))
                await first.answer(question, page)
            page = await first.get("question", first.url(f"q/{stop_at}/"))
            await first.post("stop", first.url(f"q/{stop_at}/"), page,
                             {"choice": "good", "comment": "", "action": "stop"},
                             first.url("stop/"))
            first.confirmed[stop_at] = ("good", "")
            page = await first.get("stop_page", first.url("stop/"))
            found = STOP_CODE.search(page)
            code = found.group(1) if found else ""
            tracked = Tracked(client)
            second = Respondent(tracked, resume, token, questions, stats, number=number)
            form = await second.get("code_page", "/s/")
            after = second.url(f"q/{stop_at + 1}/")
            await second.post("resume", "/s/", form, {"code": code}, after)
            resume_upstream = tracked.upstreams[-1]
            second.confirmed.update(first.confirmed)
            second.keys[:0] = first.keys
            second.base = nginx.base  # the rest of the survey through the balancer
            page = await second.get("question", after)
            page = await second.answer_up_to_check(page, stop_at + 1)
            await second.send(page)
            savers.append(second)
            seen.append({"saved_on": first.client.upstreams[-1], "resumed_on": resume_upstream,
                         "code_shown": bool(code)})

        results = await asyncio.gather(*(one(n) for n in range(pairs)), return_exceptions=True)
    failures = [repr(r) for r in results if isinstance(r, Exception)]
    crossed = sum(1 for s in seen if s["code_shown"] and s["saved_on"] != s["resumed_on"])
    return {"ok": not failures and crossed == pairs, "pairs": pairs,
            "resumed_on_the_other_server": crossed, "failures": failures[:3]}


# (c) rate limits -------------------------------------------------------------------------------

async def rate_limits(nginx, limit):
    """Wrong resume codes from one client address, alternating between the two servers, are
    refused (429) after exactly `limit`: the count is shared through the cache. A second
    address has its own count, and writing another address in X-Forwarded-For does not
    escape the limit (nginx appends the real one, and the app trusts one proxy)."""
    def guess():
        return "BBBB" + "".join(secrets.choice("ACDEFGHJ") for _ in range(4))

    async def guesses(source, count, spoof=None):
        async with SourceClient(4, source) as client:
            browser = Browser(client, nginx.pinned[0])
            page = await browser.get("/s/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            answers = []
            for number in range(count):
                reply = await browser.request(
                    "POST", "/s/", base=nginx.pinned[number % 2],
                    data={"csrfmiddlewaretoken": token.group(1), "code": guess()},
                    headers={"X-Forwarded-For": spoof} if spoof else None)
                answers.append((reply.status_code, reply.upstream))
            return answers

    first = await guesses("127.0.0.2", limit + 4)
    second = await guesses("127.0.0.3", limit + 1)
    spoofed = await guesses("127.0.0.3", 2, spoof="198.51.100.7")
    expected = [404] * limit + [429] * 4

    def servers(answers, status):
        return len({upstream for code, upstream in answers if code == status})

    ok = ([code for code, _ in first] == expected
          and [code for code, _ in second] == [404] * limit + [429]
          and [code for code, _ in spoofed] == [429, 429]
          and servers(first, 404) == 2 and servers(first, 429) == 2)
    return {"ok": ok, "limit": limit,
            "first_address": dict(collections.Counter(code for code, _ in first)),
            "first_address_refused_from_guess": next(
                (n + 1 for n, (code, _) in enumerate(first) if code == 429), None),
            "servers_that_refused": servers(first, 429),
            "second_address": dict(collections.Counter(code for code, _ in second)),
            "spoofed_header": [code for code, _ in spoofed]}


# (d) live votes --------------------------------------------------------------------------------

async def live_votes(nginx, workshop, phones):
    """The facilitator starts a vote (the Start form posted twice at once, once to each
    server), phones join and vote through the balancer, the facilitator moves the room
    through one server and reads the tally through each: the same, complete, once each."""
    from evaluations.models import FACE_CHOICES as FACES
    from evaluations.models import Group, LiveVote, Vote, VoteParticipant

    groups = list(Group.values)
    evaluation = workshop.evaluation
    base_path = (f"/councils/{evaluation.council.slug}/evaluations/{evaluation.pk}/"
                 f"workshops/{workshop.pk}/votes/")

    def choice(number, domain, changing=False):
        """The face phone `number` taps: mostly scored ones, "I don't want to say" now and
        then, so the room's tally is over the small-number threshold and shown."""
        if number % 7 == 6:
            return FACES[-1]
        return FACES[(number + domain + (1 if changing else 0)) % (len(FACES) - 1)]

    async with SourceClient(8, "127.0.0.5") as staff_client, \
            SourceClient(phones + 5, "127.0.0.6") as venue_wifi:
        staff = Browser(staff_client, nginx.pinned[0])
        await sign_in(staff, nginx.pinned[0])
        page = await staff.get(base_path + "start/", base=nginx.pinned[1])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        key = re.search(r'name="submission_key" value="([^"]+)"', page.text).group(1)
        form = {"csrfmiddlewaretoken": token, "submission_key": key, "when": "now"}
        clicks = await asyncio.gather(*(staff.request("POST", base_path + "start/", data=form,
                                                      base=b) for b in nginx.pinned))
        screens = {reply.headers.get("location") for reply in clicks}
        votes = await orm(lambda: list(LiveVote.objects.filter(workshop=workshop)))
        if len(votes) != 1:
            return {"ok": False, "live_votes_started": len(votes), "screens": list(screens)}
        live_vote = votes[0]
        screen = f"{base_path}{live_vote.pk}/"

        async def move(number, base):
            reply = await staff.form(screen, screen + "move/", {"number": str(number)},
                                     base=base)
            return reply.status_code == 302

        async def tallies():
            """tally.json through each server, twice."""
            read = [await staff.get(screen + "tally.json", base=b) for b in nginx.pinned * 2]
            return [(r.upstream, r.status_code, r.text) for r in read]

        browsers = [Browser(venue_wifi, nginx.base) for _ in range(phones)]
        code = live_vote.code

        async def join(number):
            reply = await browsers[number].form(f"/v/{code}/", f"/v/{code}/",
                                                {"group": groups[number % len(groups)]})
            return reply.status_code

        async def vote(number, domain, changing=False):
            page = f"/v/{code}/vote/" + ("?change" if changing else "")
            reply = await browsers[number].form(page, f"/v/{code}/vote/", {
                "choice": choice(number, domain, changing), "domain": str(domain)})
            return reply.status_code

        statuses = collections.Counter()
        statuses.update(await gather_bounded([join(n) for n in range(phones)], 20))
        statuses.update(await gather_bounded([vote(n, 1) for n in range(phones)], 20))
        moved = [await move(2, nginx.pinned[1])]
        statuses.update(await gather_bounded([vote(n, 2) for n in range(phones)], 20))
        changers = range(0, phones, 2)  # every other phone changes its mind on domain 2
        statuses.update(await gather_bounded([vote(n, 2, True) for n in changers], 20))
        read_2 = await tallies()
        moved.append(await move(1, nginx.pinned[0]))
        read_1 = await tallies()

    def expected(domain):
        final = collections.Counter(choice(n, domain, domain == 2 and n in changers)
                                    for n in range(phones))
        return {face: final[face] for face in FACES}

    def agree(read, domain):
        import json

        bodies = {text for _, status, text in read if status == 200}
        data = json.loads(next(iter(bodies))) if len(bodies) == 1 else {}
        return (len(bodies) == 1 and len({u for u, _, _ in read}) == 2
                and data.get("voted") == phones and data.get("counts") == expected(domain))

    participants, stored = await orm(lambda: (
        VoteParticipant.objects.filter(live_vote=live_vote).count(),
        Vote.objects.filter(live_vote=live_vote).count()))
    both = sum(1 for b in browsers if len(set(b.upstreams)) == 2)
    ok = (len(screens) == 1 and all(moved) and set(statuses) == {302}
          and agree(read_2, 2) and agree(read_1, 1)
          and participants == phones and stored == phones * 2)
    return {"ok": ok, "phones": phones, "live_votes_started_by_double_click": len(votes),
            "posts": dict(statuses), "participants": participants, "votes": stored,
            "tally_same_from_both_servers": agree(read_2, 2) and agree(read_1, 1),
            "tally_reads": [(u, status, text[:300]) for u, status, text in read_2 + read_1]
            if not ok else None,
            "phones_answered_by_both_servers": both}


# (e) report jobs -------------------------------------------------------------------------------

async def reports(nginx, evaluation, wait_seconds=180):
    """Ask for the action plan PDF through server 1, ask again through server 2 (it is
    reused), let the db_worker make it, download it through server 2: one Report row, one
    task, the same bytes."""
    from django_tasks_db.models import DBTaskResult

    from actionplans.models import Report

    path = f"/councils/{evaluation.council.slug}/evaluations/{evaluation.pk}/plan/reports/"
    kind = "actions"
    async with SourceClient(4, "127.0.0.7") as client:
        staff = Browser(client, nginx.pinned[0])
        await sign_in(staff, nginx.pinned[1])
        asked = []
        for base in nginx.pinned:
            reply = await staff.form(path, path + "make/", {"kind": kind, "language": "en"},
                                     base=base)
            asked.append((reply.status_code, reply.upstream, reply.headers.get("location")))
        # A double click that lands on both servers at once: one report.
        page = await staff.get(path, base=nginx.pinned[0])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        await asyncio.gather(*(staff.request(
            "POST", path + "make/", base=base, data={
                "csrfmiddlewaretoken": token, "kind": "easyread", "language": "en"})
            for base in nginx.pinned))
        pk = await orm(lambda: Report.objects.filter(evaluation=evaluation, kind=kind)
                       .order_by("pk").values_list("pk", flat=True).first())
        link = f"{path}{pk}/download/"
        download = None
        loop = asyncio.get_running_loop()
        started = loop.time()
        while loop.time() - started < wait_seconds:  # the reports page, as a person would
            page = await staff.get(path, base=nginx.pinned[1])
            if link in page.text:
                reply = await staff.request("GET", link,
                                            base=nginx.pinned[1], raw=True)
                if reply.status_code == 200 and reply.headers.get("Content-Type") == \
                        "application/pdf":
                    download = reply
                    break
            await asyncio.sleep(1)
        waited = round(loop.time() - started, 1)

    def stored():
        rows = list(Report.objects.filter(evaluation=evaluation, kind=kind)
                    .values("pk", "state", "size"))
        tasks = [args["args"] for args in DBTaskResult.objects.filter(
            task_path__endswith="make_report").values_list("args_kwargs", flat=True)]
        double = Report.objects.filter(evaluation=evaluation, kind="easyread").count()
        return rows, tasks, double

    rows, tasks, double_click_rows = await orm(stored)
    pdf = download.body if download else b""
    ok = (all(status == 302 for status, _, _ in asked) and download is not None
          and len(rows) == 1 and rows[0]["state"] == Report.State.READY
          and tasks.count([pk]) == 1
          and download.upstream == nginx.servers[1] and pdf.startswith(b"%PDF")
          and len(pdf) == rows[0]["size"] and double_click_rows == 1)
    return {"ok": ok, "asked_on": [u for _, u, _ in asked],
            "asked": asked if not ok else None,
            "downloaded_on": download.upstream if download else None,
            "made_within_s": waited, "report_rows": len(rows),
            "tasks_for_this_report": tasks.count([pk]), "tasks_queued": len(tasks),
            "double_click_on_both_servers_rows": double_click_rows,
            "state": rows[0]["state"] if rows else None,
            "pdf_bytes_stored": rows[0]["size"] if rows else None,
            "pdf_bytes_downloaded": len(pdf)}
