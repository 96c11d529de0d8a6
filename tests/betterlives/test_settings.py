"""Production settings: refuse to start without secrets; `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "betterlives.settings.prod",
    "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-value-0123456789",
    "ALLOWED_HOSTS": "betterlives.example.gov.uk",
}


# Set by the browser tests for their own process (tests/browser/conftest.py): never part of
# a production environment.
TEST_ONLY_ENV = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in PROD_ENV and k not in TEST_ONLY_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
        env={**base, **env}, timeout=120,
    )


def test_check_deploy_is_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_prod_refuses_without_secret_key():
    env = {**PROD_ENV, "SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_prod_refuses_without_allowed_hosts():
    env = {**PROD_ENV, "ALLOWED_HOSTS": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_sqlite_default_uses_wal_immediate_and_busy_timeout(monkeypatch):
    from betterlives.settings import base

    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = base.database_from_env("sqlite:///example.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert db["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_postgres_url_uses_persistent_checked_connections(monkeypatch):
    from betterlives.settings import base

    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.internal:5432/betterlives")
    db = base.database_from_env("sqlite:///unused")
    assert db["ENGINE"] == "betterlives.postgresql"  # Django's, with a cheaper health check
    assert db["CONN_MAX_AGE"] > 0
    assert db["CONN_HEALTH_CHECKS"] is True


def test_tests_run_on_the_database_in_database_url(db):
    """CI sets DATABASE_URL=postgres://…: make sure the suite really ran on PostgreSQL."""
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def entry_point_settings(**env):
    """Import the app server's entry point in a fresh process and say which settings it ran."""
    base = {k: v for k, v in os.environ.items() if k not in PROD_ENV}
    code = ("import betterlives.wsgi; from django.conf import settings; "
            "print(settings.SETTINGS_MODULE, settings.DEBUG)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, env={**base, **env}, timeout=120)


def test_the_app_server_defaults_to_production_settings():
    env = {key: value for key, value in PROD_ENV.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = entry_point_settings(**env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["betterlives.settings.prod", "False"]


def test_the_app_server_without_settings_or_secrets_refuses_to_start():
    result = entry_point_settings()
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
