"""What the load runs measure: each step's latency, grouped as the reports show them (pages
read, answers saved, sends; GETs and POSTs), errors by kind, requests, wall and client CPU
time; and the fixed number of requests a capacity run shares among its clients.
"""

import time
from collections import Counter, defaultdict


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
