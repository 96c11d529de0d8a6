"""The PostgreSQL backend's health check (betterlives.postgresql): no round trip while the
connection is healthy, and a connection the server has closed is found unusable, so Django
opens a new one instead of failing the request."""

import time

import pytest
from django.db import connection, connections
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoWrapper

from tests.concurrency import needs_postgres

pytestmark = [pytest.mark.django_db, needs_postgres]


@pytest.fixture
def other_connection():
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_a_healthy_connection_is_usable_without_asking_the_server(other_connection,
                                                                  monkeypatch):
    asked = []
    monkeypatch.setattr(DjangoWrapper, "is_usable", lambda self: asked.append(self) or True)
    with other_connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    assert other_connection.is_usable() is True
    assert asked == []


def test_a_connection_the_server_closed_is_not_usable(other_connection):
    pid = other_connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone()[0] is True
    deadline = time.monotonic() + 10
    while other_connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert other_connection.is_usable() is False
    other_connection.close()
    other_connection.ensure_connection()
    assert other_connection.is_usable() is True
    with other_connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
