"""scripts/backup.sh and scripts/restore.sh against a real PostgreSQL server.

The round trip needs PostgreSQL (CI runs it there):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bl_backup_tests \
      .venv/bin/python -m pytest tests/betterlives/test_backup.py
"""

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.db import connection

from betterlives.models import Council
from evaluations.models import Answer, Evaluation, Response
from evaluations.services.responses import paper_response_create
from tests.concurrency import needs_postgres as postgres_only

from ..factories import CouncilFactory, evaluation_with_surveys, small_framework

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"
# The same condition as the other PostgreSQL-only tests, with this file's reason.
needs_postgres = pytest.mark.skipif(
    *postgres_only.args, reason="backups are made with pg_dump: PostgreSQL only (CI runs this)")
COMMENT = "I would like to choose who helps me with my money"


def run(script, *args, database_url=None):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "betterlives.settings.test"}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(["bash", str(script), *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)


def test_the_scripts_explain_how_to_use_them():
    help_text = run(BACKUP, "-h")
    assert help_text.returncode == 0
    assert help_text.stdout.startswith("Usage: scripts/backup.sh")
    wrong = run(RESTORE)
    assert wrong.returncode == 2
    assert "Usage: scripts/restore.sh" in wrong.stderr
    assert run(BACKUP, "-k", "0").returncode == 2
    not_postgres = run(BACKUP, "-d", "/nonexistent", database_url="sqlite:///db.sqlite3")
    assert not_postgres.returncode == 1
    assert "not a PostgreSQL address" in not_postgres.stderr


# The round trip on PostgreSQL ---------------------------------------------------------------

def server():
    settings = connection.settings_dict
    return {"host": settings["HOST"] or "127.0.0.1", "port": int(settings["PORT"] or 5432),
            "user": settings["USER"] or "postgres",
            # With "trust" sign-in any password is accepted: the made-up one shows that the
            # scripts never print it.
            "password": settings["PASSWORD"] or "made-up-secret-7Qx9"}


def url_of(database):
    s = server()
    return f"postgres://{s['user']}:{s['password']}@{s['host']}:{s['port']}/{database}"


def connect(database):
    import psycopg2

    return psycopg2.connect(dbname=database, **server())


def drop(database):
    admin = connect("postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def saved_data(db):
    small_framework(domains=1, questions=1)
    council = CouncilFactory(name="Riverside Council", slug="riverside")
    evaluation = evaluation_with_surveys(council, title="Better Lives 2026")
    survey = evaluation.surveys.get(audience="lived_experience")
    paper_response_create(survey=survey, submission_key=uuid.uuid4(), helped=True,
                          answers={survey.items.get(): ("good", COMMENT)})
    return council


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_new_database(saved_data, tmp_path):
    database = connection.settings_dict["NAME"]
    prefix = f"betterlives-{database}-"
    for stamp in ("20200101T000000Z", "20210101T000000Z"):  # two older backups
        (tmp_path / f"{prefix}{stamp}.dump").write_bytes(b"old")
    (tmp_path / "someone-elses.dump").write_bytes(b"other")

    backup = run(BACKUP, "-d", tmp_path, "-k", "2", database_url=url_of(database))

    assert backup.returncode == 0, backup.stderr
    [dump] = [p for p in tmp_path.glob(f"{prefix}*.dump") if p.stat().st_size > 3]
    assert f"Backup written: {dump}" in backup.stdout
    assert oct(dump.stat().st_mode & 0o777) == "0o600"
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == sorted([dump.name, f"{prefix}20210101T000000Z.dump", "someone-elses.dump"])
    assert "Deleted old backup" in backup.stdout

    restored = f"backup_restore_test_{uuid.uuid4().hex[:12]}"
    try:
        result = run(RESTORE, dump, restored, database_url=url_of(database))
        assert result.returncode == 0, result.stderr
        assert f"into {restored}" in result.stdout
        assert "Checks passed" in result.stdout
        for output in (backup.stdout, backup.stderr, result.stdout, result.stderr):
            assert server()["password"] not in output

        with connect(restored) as restored_db, restored_db.cursor() as cursor:
            cursor.execute(f"SELECT name FROM {Council._meta.db_table}")
            assert cursor.fetchall() == [("Riverside Council",)]
            cursor.execute(f"SELECT title FROM {Evaluation._meta.db_table}")
            assert cursor.fetchall() == [("Better Lives 2026",)]
            cursor.execute(f"SELECT count(*), min(status) FROM {Response._meta.db_table}")
            assert cursor.fetchone() == (1, "submitted")
            cursor.execute(f"SELECT choice, comment FROM {Answer._meta.db_table}")
            assert cursor.fetchall() == [("good", COMMENT)]
        restored_db.close()

        again = run(RESTORE, dump, restored, database_url=url_of(database))
        assert again.returncode == 1
        assert "already exists" in again.stderr
    finally:
        drop(restored)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_what_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.dump"
    junk.write_text("not a backup")
    name = f"backup_restore_test_{uuid.uuid4().hex[:12]}"
    result = run(RESTORE, junk, name, database_url=url_of(connection.settings_dict["NAME"]))
    assert result.returncode == 1
    assert "is not a backup" in result.stderr
    with connect("postgres") as admin, admin.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [name])
        assert cursor.fetchone() == (0,)
    admin.close()
