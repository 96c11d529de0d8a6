"""What every fault drill shares: its settings (FAULTS_DOWN_SECONDS, FAULTS_USERS,
FAULTS_SENDERS, FAULTS_SQLITE_SENDERS, BENCH_WORKERS, BENCH_THREADS) and its checks: each
check logged as it is made, the database reconciled with what the respondents were told, the
friendly 503 page, and no server error or trace at any time.
"""

import os

import loadkit
from loadkit import log

DOWN_SECONDS = float(os.environ.get("FAULTS_DOWN_SECONDS", "5"))
USERS = int(os.environ.get("FAULTS_USERS", "30"))
SENDERS = int(os.environ.get("FAULTS_SENDERS", "40"))
SQLITE_SENDERS = int(os.environ.get("FAULTS_SQLITE_SENDERS", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
RECOVERY_LIMIT_S = 10.0
RETRY_FOR_S = 90.0


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
