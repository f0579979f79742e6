"""Bulk writes: the upsert behind every idempotent loader (units, agencies, heads, the catalogue), and fast inserts
and updates of many rows for batches (a connected system's bulk progress, the demo's history).

`bulk_upsert`: given each incoming row already paired with the object it matches (or None), create what is new and
update only what differs, in two statements per batch instead of a query per row. Matching stays with the caller,
because each loader has its own natural key. `rows_insert`, `rows_update`, `rows_copy`: the rows a caller has built,
written in one statement (or one COPY) — the writers of each table call them; no rule lives here.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.db import connection, models, transaction
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

BATCH_SIZE = 500


@dataclass
class BulkResult:
    objects: list[models.Model] = field(default_factory=list)  # in the order given: matched, updated or created
    created: list[models.Model] = field(default_factory=list)
    updated: list[models.Model] = field(default_factory=list)


def bulk_upsert(model: type[models.Model], pairs: Iterable[tuple[models.Model | None, dict[str, Any]]]) -> BulkResult:
    """Create the rows without a match and update the matched ones whose values differ; unchanged rows are left."""
    result, changed_fields = BulkResult(), set()
    for obj, values in pairs:
        if obj is None:
            obj = model(**values)
            result.created.append(obj)
        elif differing := [name for name, value in values.items() if getattr(obj, name) != value]:
            for name in differing:
                setattr(obj, name, values[name])
            result.updated.append(obj)
            changed_fields.update(model._meta.get_field(name).name for name in differing)
        result.objects.append(obj)
    model.objects.bulk_create(result.created, batch_size=BATCH_SIZE)
    if result.updated:
        model.objects.bulk_update(result.updated, sorted(changed_fields), batch_size=BATCH_SIZE)
    return result


# -- fast row writes for batches: the same values `bulk_create`/`bulk_update` would send, fewer Python steps ---------


def _server_cursor(db):
    """A cursor of `db`'s connection that sends its parameters apart from the statement (psycopg's server-side
    binding; `%b` sends one in binary), wrapped as Django wraps its own (query logging and counting, execute
    wrappers). Django's cursors bind client-side: psycopg then quotes an array parameter element by element into the
    statement's text, which for a batch's rows cost more than building them (bench/sync, fifth round)."""
    import psycopg  # PostgreSQL only

    db.ensure_connection()
    raw = psycopg.Cursor(db.connection)
    return db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw)


# Fields whose `get_db_prep_save` gives back a value of these exact types unchanged (None too): Django's own
# `get_prep_value` of each is `to_python`, `int()` or `bool` of it, and a key's is its target's (an integer primary
# key: `validate_autopk_value`, which only MySQL checks). By exact class, so a subclass with its own preparation is
# not taken for one of these.
_PLAIN: dict[type, tuple[type, ...]] = {
    models.CharField: (str,), models.TextField: (str,), models.SlugField: (str,), models.BooleanField: (bool,),
    models.IntegerField: (int,), models.SmallIntegerField: (int,), models.BigIntegerField: (int,),
    models.PositiveIntegerField: (int,), models.PositiveSmallIntegerField: (int,),
    models.PositiveBigIntegerField: (int,),
}  # fmt: skip
_PLAIN_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField)


def _plain_types(field) -> tuple[type, ...]:
    """The value types `field` prepares for the database unchanged (see `_PLAIN`), or () when it prepares every
    value (dates, JSON, decimals, UUIDs, files…)."""
    if type(field) is models.ForeignKey and type(field.target_field) in _PLAIN_KEYS:
        return (int,)
    return _PLAIN.get(type(field), ())


def _column(field, values: list, db) -> list:
    """`field.get_db_prep_save` of each value — as `bulk_create` and `bulk_update` prepare them — without a call per
    value when every value is one the field leaves unchanged (most of a batch's columns: text, numbers, keys): the
    calls were a fifth of a bulk create's time in the application (bench/sync_profile.py --profile, eighth round)."""
    plain = _plain_types(field)
    if plain and all(value is None or type(value) in plain for value in values):
        return values
    return [field.get_db_prep_save(value, db) for value in values]


def _saved(field, objs: list) -> list:
    """Each object's value of `field` as a save sends it: `pre_save` (an `auto_now` stamp, a file's name) where the
    field has its own, else the attribute as it is (what `Field.pre_save` returns)."""
    if type(field).pre_save is models.Field.pre_save:
        attname = field.attname
        return [getattr(obj, attname) for obj in objs]
    return [field.pre_save(obj, True) for obj in objs]


def _arrays(db, fields: list) -> str:
    """`UNNEST`'s arguments, one array parameter per field: varchar[], not varchar(64)[], as Django's own UNNEST
    insert casts them."""
    return ", ".join(f"%b::{field.db_type(db).split('(')[0]}[]" for field in fields)


def rows_insert(model: type[models.Model], objs: list) -> None:
    """`bulk_create(objs)`: the same rows, the same values (`pre_save` then `get_db_prep_save` of each field, auto
    primary keys set from RETURNING, in order). On PostgreSQL one `INSERT … SELECT FROM UNNEST` with one array per
    column, bound server-side; elsewhere (SQLite) `bulk_create` itself."""
    # The connection itself, not the `connection` proxy: each attribute of the proxy is a thread-local look-up,
    # and preparing a value looks up several.
    db = transaction.get_connection()
    if db.vendor != "postgresql" or not objs:
        model.objects.bulk_create(objs)
        return
    meta, quote = model._meta, db.ops.quote_name
    auto = meta.pk if isinstance(meta.pk, AutoFieldMixin) else None
    fields = [field for field in meta.concrete_fields if field is not auto and not field.generated]
    arrays = [_column(field, _saved(field, objs), db) for field in fields]
    columns = ", ".join(quote(field.column) for field in fields)
    returning = f" RETURNING {quote(auto.column)}" if auto else ""
    # Names come from the model's _meta, quoted; every value is a parameter.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT * FROM UNNEST({_arrays(db, fields)}){returning}"  # noqa: S608
    with _server_cursor(db) as cursor:
        cursor.execute(sql, arrays)
        if auto:
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                setattr(obj, auto.attname, pk)
    for obj in objs:
        obj._state.adding, obj._state.db = False, db.alias


def rows_insert_columns(model: type[models.Model], columns: dict[str, Sequence[Any]]) -> None:
    """Insert rows given column by column (field name → one value per row, each prepared by `get_db_prep_save` as
    `bulk_create` prepares it), for rows nobody needs as model instances. Every other column takes its default
    (`auto_now_add` the statement's instant). On PostgreSQL one `INSERT … SELECT FROM UNNEST`, bound server-side,
    without building a model instance per row (bench/sync, seventh round); elsewhere (SQLite) `bulk_create` of the
    instances those values make."""
    db = transaction.get_connection()
    count = len(next(iter(columns.values()), ()))
    if not count:
        return
    meta = model._meta
    given = {meta.get_field(name).attname: values for name, values in columns.items()}
    if db.vendor != "postgresql":
        model.objects.bulk_create([model(**{name: values[n] for name, values in given.items()}) for n in range(count)])
        return
    auto = meta.pk if isinstance(meta.pk, AutoFieldMixin) else None
    fields = [field for field in meta.concrete_fields if field is not auto and not field.generated]
    arrays = _default_columns(fields, given, count, db)
    quote = db.ops.quote_name
    columns_sql = ", ".join(quote(field.column) for field in fields)
    # Names come from the model's _meta, quoted; every value is a parameter.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns_sql}) SELECT * FROM UNNEST({_arrays(db, fields)})"  # noqa: S608
    with _server_cursor(db) as cursor:
        cursor.execute(sql, arrays)


class JsonText(str):
    """A JSON field's value already encoded (its text): sent to PostgreSQL as jsonb as it is, not encoded again
    (a batch's events: the text their hash covers is the text stored). Elsewhere (SQLite) decoded and stored as
    the field stores any value."""


def _as_is(text: str) -> str:
    return text


def _json_column(field, values: list, db) -> list | None:
    """A JSON column whose values are all `JsonText`, as PostgreSQL's adapter sends a value (`Jsonb`) but without
    encoding it again; None when any value is not."""
    if not isinstance(field, models.JSONField) or not all(type(value) is JsonText for value in values):
        return None
    from psycopg.types.json import Jsonb  # PostgreSQL only

    return [Jsonb(value, dumps=_as_is) for value in values]


def rows_insert_tuples(model: type[models.Model], names: Sequence[str], rows: Sequence[tuple]) -> list:
    """Insert rows given as tuples (the values of the fields `names`, in that order, prepared by `get_db_prep_save`
    as `bulk_create` prepares them; a JSON field may take `JsonText`), every other column its default; the new
    rows' primary keys, in order. On PostgreSQL one `INSERT … SELECT FROM UNNEST … RETURNING`, bound server-side,
    with no model instance (bench/sync, ninth round); elsewhere (SQLite) `bulk_create` of the instances."""
    if not rows:
        return []
    db, meta = transaction.get_connection(), model._meta
    fields = [meta.get_field(name) for name in names]
    if db.vendor != "postgresql":
        decode = [isinstance(field, models.JSONField) for field in fields]
        objs = [
            model(**{field.attname: json.loads(value) if json_ and type(value) is JsonText else value
                     for field, json_, value in zip(fields, decode, row, strict=True)})
            for row in rows
        ]  # fmt: skip
        model.objects.bulk_create(objs)
        return [obj.pk for obj in objs]
    given = {field.attname: column for field, column in zip(fields, zip(*rows, strict=True), strict=True)}
    auto = meta.pk if isinstance(meta.pk, AutoFieldMixin) else None
    targets = [field for field in meta.concrete_fields if field is not auto and not field.generated]
    arrays = _default_columns(targets, given, len(rows), db)
    quote = db.ops.quote_name
    columns_sql = ", ".join(quote(field.column) for field in targets)
    returning = f" RETURNING {quote(meta.pk.column)}"
    # Names come from the model's _meta, quoted; every value is a parameter.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns_sql}) SELECT * FROM UNNEST({_arrays(db, targets)}){returning}"  # noqa: S608
    with _server_cursor(db) as cursor:
        cursor.execute(sql, arrays)
        return [pk for (pk,) in cursor.fetchall()]


def _default_columns(fields: list, given: dict[str, Sequence[Any]], count: int, db) -> list[list]:
    """One prepared array per field: the values given (by attname), else the field's default for every row as
    `bulk_create` gives it (`auto_now_add` the statement's instant, a callable default called per row)."""
    now, arrays = None, []
    for column in fields:
        if column.attname in given:
            values = list(given[column.attname])
            encoded = _json_column(column, values, db)
            arrays.append(encoded if encoded is not None else _column(column, values, db))
        elif getattr(column, "auto_now_add", False) or getattr(column, "auto_now", False):
            now = now or timezone.now()
            arrays.append([column.get_db_prep_save(now, db)] * count)
        elif column.has_default() and callable(column.default):
            arrays.append([column.get_db_prep_save(column.get_default(), db) for _n in range(count)])
        else:
            arrays.append([column.get_db_prep_save(column.get_default(), db)] * count)
    return arrays


def rows_update(model: type[models.Model], objs: list, field_names: list[str]) -> None:
    """`bulk_update(objs, field_names)` in one statement. On PostgreSQL an `UPDATE … FROM UNNEST(…)`, one array per
    column, bound server-side: `bulk_update`'s CASE per row and field took longer to build in Python than a batch's
    other statements together (bench/sync_profile.py --profile); elsewhere (SQLite) `bulk_update`."""
    db = transaction.get_connection()
    if db.vendor != "postgresql":
        model.objects.bulk_update(objs, field_names)
        return
    if not objs:
        return
    meta, quote = model._meta, db.ops.quote_name
    fields = [meta.pk, *(meta.get_field(name) for name in field_names)]
    columns = [quote(field.column) for field in fields]
    arrays = [_column(field, [getattr(obj, field.attname) for obj in objs], db) for field in fields]
    table = quote(meta.db_table)
    assignments = ", ".join(f"{column} = v.{column}" for column in columns[1:])
    # Names come from the model's _meta, quoted; every value is a parameter.
    sql = (
        f"UPDATE {table} SET {assignments} FROM UNNEST({_arrays(db, fields)}) "  # noqa: S608
        f"AS v({', '.join(columns)}) WHERE {table}.{columns[0]} = v.{columns[0]}"
    )
    with _server_cursor(db) as cursor:
        cursor.execute(sql, arrays)


COPY_BATCH = 2000


def rows_copy(model: type[models.Model], objects: Sequence[Any], *, with_pk: bool = True) -> None:
    """`bulk_create` without its per-value query compilation, for loaders of hundreds of thousands of rows (the
    demo's history): `objects` are model instances or any objects with the fields' attnames; each row is a tuple of
    the values Django itself would send (`connection.ops`' adapters for dates and JSON, the field's own for UUIDs) —
    PostgreSQL's COPY, `executemany` of `COPY_BATCH` rows elsewhere."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    adapters = [(n, a) for n, a in enumerate(map(_adapter, fields)) if a is not None]
    table, quote = model._meta.db_table, connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    get = attrgetter(*(f.attname for f in fields))
    values = [_row(obj, get, adapters) for obj in objects]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: psycopg adapts each value once, with no statement to plan; INSERTs cost ten times more.
            with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for item in values:
                    copy.write_row(item)
            return
        insert = f"INSERT INTO {quote(table)} ({columns}) VALUES {row}"  # noqa: S608 — names from _meta
        for start in range(0, len(values), COPY_BATCH):
            cursor.executemany(insert, values[start : start + COPY_BATCH])


def _row(obj: Any, get: Callable[[Any], tuple], adapters: list[tuple[int, Callable[[Any], Any]]]) -> tuple:
    values = list(get(obj))
    for n, adapt in adapters:
        values[n] = adapt(values[n])
    return tuple(values)


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return lambda value: ops.adapt_json_value(value, field.encoder)
    if isinstance(field, models.DateTimeField):
        return lambda value: None if value is None else ops.adapt_datetimefield_value(value)
    if isinstance(field, models.DateField):
        return lambda value: None if value is None else ops.adapt_datefield_value(value)
    if isinstance(field, models.UUIDField):
        return lambda value: field.get_db_prep_value(value, connection)
    return None


INCREMENT_BATCH = 500  # rows per statement: 20-odd parameters a row stays far below SQLite's limit


def rows_increment(
    model: type[models.Model], *, keys: Sequence[str], counters: Sequence[str], rows: Sequence[tuple]
) -> None:
    """Add each row's counters to the row of `model` with the same `keys` (a unique constraint), creating it when
    there is none: `INSERT … ON CONFLICT (keys) DO UPDATE SET c = c + excluded.c`, one statement per batch, the same
    on PostgreSQL and SQLite — additive figures kept by many writers at once without reading them first. Each row is
    the key's values then the counters', in the order given; a key appears at most once in `rows`."""
    if not rows:
        return
    meta, quote = model._meta, connection.ops.quote_name
    table = quote(meta.db_table)
    fields = [meta.get_field(name) for name in (*keys, *counters)]
    columns = [quote(f.column) for f in fields]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns[len(keys) :])
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Only dates, instants, JSON and UUIDs need adapting (as in rows_copy): a rebuild sends millions of counters,
    # and asking each integer's field to prepare it cost half the rebuild's time.
    adapters = [_adapter(field) for field in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INCREMENT_BATCH):
            batch = rows[start : start + INCREMENT_BATCH]
            # Names come from the model's _meta, quoted; every value is a parameter.
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([placeholder] * len(batch))} "  # noqa: S608
                f"ON CONFLICT ({', '.join(columns[: len(keys)])}) DO UPDATE SET {updates}"
            )
            params = [
                value if adapt is None else adapt(value)
                for row in batch
                for adapt, value in zip(adapters, row, strict=True)
            ]
            cursor.execute(sql, params)
