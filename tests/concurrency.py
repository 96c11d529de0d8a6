"""Running work in threads at the same moment, for the tests that prove something is stored
once under concurrent posts. Row locks across threads need PostgreSQL, so these tests are
skipped on SQLite (CI runs them on PostgreSQL)."""

import threading

import pytest
from django.db import connection

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks across threads need PostgreSQL (CI runs this on PostgreSQL)",
)


def run_each(works, timeout=60):
    """Call each of `works` in its own thread, all at the same moment; return their results.
    Fails (never hangs) when a thread has not finished after `timeout` seconds."""
    barrier = threading.Barrier(len(works), timeout=timeout)
    results, errors = [], []

    def run(work):
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,), daemon=True) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    assert not errors, errors
    return results


def run_together(count, work, timeout=60):
    """Call work() in `count` threads at the same moment; return their results."""
    return run_each([work] * count, timeout=timeout)
