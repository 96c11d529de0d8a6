"""The framework content's rows, loaded once per test process and copied into each test's
database (the `framework` fixture in tests/conftest.py).

`load_framework` writes only the domains app's tables. The first call runs it and reads back
every row of those tables; each later call inserts the same rows, with the same ids, in one
transaction, then moves the id sequences past them (PostgreSQL does not when ids are given).
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

_copied = {}


def tables():
    """The domains app's models and their many-to-many tables, parents first."""
    models = list(apps.get_app_config("domains").get_models())
    through = [field.remote_field.through for model in models
               for field in model._meta.local_many_to_many
               if field.remote_field.through._meta.auto_created]
    return models + through


def _read(model):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - a table name from the models
        columns = [column[0] for column in cursor.description]
        return columns, cursor.fetchall()


def _write(model, columns, rows):
    """All the rows in one INSERT of many rows (one round trip, not one per row)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    values = ", ".join([row] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) VALUES {values}",  # noqa: S608
                       [value for one in rows for value in one])


def put():
    """Put the framework content in the test database, as `load_framework` would."""
    key = connection.vendor
    if key not in _copied:
        # Copy only what the command wrote into empty tables, never rows a test made first.
        empty = not any(model._base_manager.exists() for model in tables())
        call_command("load_framework", verbosity=0)
        if empty:
            _copied[key] = [(model, *_read(model)) for model in tables()]
        return
    with transaction.atomic():
        for model, columns, rows in _copied[key]:
            _write(model, columns, rows)
        resets = connection.ops.sequence_reset_sql(no_style(), tables())
        if resets:  # PostgreSQL: one round trip for all of them
            with connection.cursor() as cursor:
                cursor.execute("; ".join(resets))
