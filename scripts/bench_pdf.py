"""Benchmark of report PDFs (`make bench-pdf`): how long they take, how many pages, how much
memory, against the floor of the same text rendered as plain, unstyled HTML.

It builds a throwaway SQLite database with the demo council and a large made-up evaluation
(six chosen domains, 120 actions, 60 comments per domain), renders each report RUNS times the
way the service does (in a forked child, within the limits), and prints one JSON line last.
"""

import datetime
import html as html_lib
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def setup_django(database):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "betterlives.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def large_evaluation():
    """Six chosen domains, 120 actions, 60 comments per domain, with progress."""
    from actionplans.services import action_create, progress_add, sign_off_record
    from betterlives.models import Council, Membership
    from domains.models import CrossReference, Domain
    from evaluations.models import Response, SurveyItem
    from evaluations.services.evaluations import evaluation_create
    from evaluations.services.responses import answer_save, response_start, response_submit
    from evaluations.services.step_two import domain_choice_save

    council = Council.objects.get()
    user = Membership.objects.filter(council=council, role="facilitator").first().user
    today = datetime.date.today()
    evaluation = evaluation_create(
        council=council, title="Large made-up evaluation for the benchmark",
        period_start=today - datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=100),
        audiences=["lived_experience", "family_carers", "staff_partners"])
    rng = random.Random(6)  # noqa: S311 - made-up data
    survey = evaluation.surveys.get(audience="lived_experience")
    items = list(SurveyItem.objects.filter(survey=survey).select_related("domain"))
    by_domain = {}
    for item in items:
        by_domain.setdefault(item.domain_id, item)
    for index in range(60):
        response = response_start(survey=survey)
        for item in by_domain.values():
            answer_save(response=response, item=item,
                        choice=rng.choice(["good", "not_sure", "not_good"]),
                        comment=f"Made-up comment {index} about {item.domain.title}: "
                                "the bus pass time limit stops me getting to college.")
        response_submit(response=response)
    Response.objects.filter(survey=survey).update(status=Response.Status.SUBMITTED)
    domains = list(Domain.objects.order_by("number"))
    domain_choice_save(evaluation=evaluation, user=user, decided_on=today,
                       took_part={"staff": 4, "lived_experience": 6}, how_decided="At the board.",
                       choices={d: ("improve", f"Reasons for {d.title}.") for d in domains})
    statuses = ["not_started", "on_track", "at_risk", "off_track", "done"]
    for number in range(120):
        domain = domains[number % 6]
        links = [ref.action for ref in CrossReference.objects.filter(domain=domain)[:2]]
        action = action_create(
            evaluation=evaluation, user=user, domain=domain,
            title=f"Action {number + 1}: travel training in the evenings",
            description="Run travel training for people who want to go out in the evening, "
                        "with a buddy for the first three trips.",
            good_lives_actions=links, lead_name="Priya Shah", lead_role="Commissioning manager",
            lead_user=None, partners="Bus company; college", co_produced_with=["staff"],
            timescale="year", due_on=today + datetime.timedelta(days=number - 30),
            success_measure="Twenty people travel on their own in the evening.")
        progress_add(action=action, user=user, happened_on=today, text="Started.",
                     status=statuses[number % 5])
    sign_off_record(evaluation=evaluation, user=user, meeting="Partnership Board",
                    met_on=today, decision="approved")
    return evaluation


def plain_html(document):
    """The same text as unstyled HTML: the floor any styled document is compared with."""
    body = re.sub(r"(?is)<(head|style|svg)\b.*?</\1>", " ", document)
    text = html_lib.unescape(re.sub(r"<[^>]+>", "\n", body))
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return "<html lang=en><head><title>Floor</title></head><body>" + "".join(
        f"<p>{html_lib.escape(p)}</p>" for p in paragraphs) + "</body></html>"


def measure(html):
    from actionplans.reports.render import html_to_pdf

    seconds, peaks, pages = [], [], 0
    for _run in range(RUNS):
        stats = {}
        started = time.perf_counter()
        _pdf, pages = html_to_pdf(html, stats=stats)
        seconds.append(time.perf_counter() - started)
        peaks.append(stats["peak_kib"] / 1024)
    return {"median_s": round(statistics.median(seconds), 2), "pages": pages,
            "peak_mb": round(max(peaks))}


def main():
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from actionplans.reports.html import document_html
        from evaluations.models import Evaluation

        demo = Evaluation.objects.get(title__endswith="(demo)")
        print("building the large evaluation…", file=sys.stderr)
        large = large_evaluation()
        results = {}
        for name, evaluation, kind in (("demo_board", demo, "board"),
                                       ("large_board", large, "board"),
                                       ("large_easyread", large, "easyread"),
                                       ("large_actions", large, "actions")):
            document = document_html(evaluation, kind, "en")
            styled = measure(document)
            floor = measure(plain_html(document))
            styled["floor_median_s"] = floor["median_s"]
            styled["floor_pages"] = floor["pages"]
            styled["floor_peak_mb"] = floor["peak_mb"]
            styled["ratio_to_floor"] = round(styled["median_s"] / max(floor["median_s"], 0.01),
                                             2)
            results[name] = styled
            print(f"{name}: {styled}", file=sys.stderr)
    print(json.dumps({"runs": RUNS, "cpus": os.cpu_count(), "reports": results}))


if __name__ == "__main__":
    main()
