"""Django's PostgreSQL backend, with a health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django checks a reused connection before each request's first query,
so that a database restart costs no failed request (`make faults` shows it). Its check is a
`SELECT 1` to the server: one round trip on every request, about a tenth of a survey page's
time at full load (`make bench`).

When the server closes a connection (a restart, a terminated backend, an idle timeout), it
sends a last message and shuts its end, so the socket becomes readable. A healthy idle
connection has nothing to read. So the check first asks the operating system, without waiting,
whether anything has arrived: nothing means usable; anything at all falls back to Django's
`SELECT 1`, which fails on a closed connection, so Django opens a new one.

A connection cut without the server saying so (a cable pulled) is not noticed by either check
until a query times out; `connect_timeout` and the TCP settings cover that case.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        try:
            readable, _, _ = select.select([self.connection.fileno()], [], [], 0)
        except (OSError, ValueError, base.Database.Error):  # closed on our side already
            return False
        if not readable:
            return True
        return super().is_usable()
