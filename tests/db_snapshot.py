"""A copy of every table's rows taken inside a transaction and written back inside another one: a test session
builds the demo once per set of options and each later module that asks for the same demo gets the same rows in a
second or two instead of a fresh build (tests/demo/conftest.py `built`). Rows only — the schema, and the files the
build wrote, are the session's already. PostgreSQL copies with COPY (its text format round-trips every type exactly);
SQLite with executemany, as the text SQLite stored (Django's converters made dates, times and decimals of it)."""

import datetime
import decimal
import io
from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, object]  # table -> PostgreSQL: COPY text; SQLite: (placeholders, rows)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _stored(value):
    """What SQLite holds for a value Django's converters turned into an object (Django writes them with str())."""
    return str(value) if isinstance(value, datetime.date | datetime.time | decimal.Decimal) else value


def snapshot_take() -> Snapshot:
    """Every non-empty table's rows as they are now, in this connection's transaction."""
    taken: dict[str, object] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables():
            if connection.vendor == "postgresql":
                buffer = io.BytesIO()
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                    for data in copy:
                        buffer.write(data)
                if buffer.tell():
                    taken[table] = buffer.getvalue()
            else:
                cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 — a table name of our own schema
                rows = [tuple(map(_stored, row)) for row in cursor.fetchall()]
                if rows:
                    taken[table] = (", ".join("?" * len(cursor.description)), rows)
    return Snapshot(taken)


def snapshot_restore(snapshot: Snapshot) -> None:
    """Every table holds exactly the snapshot's rows (inside the caller's transaction; foreign keys are checked at its
    end, as Django declares them deferrable)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for table, data in snapshot.rows.items():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(data)
            else:
                placeholders, rows = data
                cursor.executemany(f"INSERT INTO {quote(table)} VALUES ({placeholders})", rows)  # noqa: S608
        if connection.vendor == "postgresql":  # rows came with their ids: the sequences continue after them
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(statement)
