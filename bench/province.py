"""A province-sized data set for the benches (issue 18 item 1, issue 12 item 7): N dossiers (default 10 million) over
three years of the demo province — its 95 communes and ~30 provincial agencies, its catalogue and its officers —
with their steps, events, result files and national sync states, written on PostgreSQL by COPY.

    .venv/bin/python bench/province.py --database-url postgres://postgres@127.0.0.1:5432/lt_province --fresh \\
        --dossiers 1000000 [--workers 8] [--seed 75] [--then-rebuild-reports]

Every dossier is the demo history's replay (`lienthong.demo.history`): planned, then walked through the lifecycle's
own rules (clock, routing, supplements, apologies, financial obligations, returns late or on time), its code in the
national format numbered per receiving agency and day through the live counter table, its events hash-chained by
the dossier app's event log (`eventlog.history_chain`), so `lienthong audit verify` passes and every page reads it
as real. How (bench/README.md has the figures' meaning):

- the database is migrated and the demo province built without history (`demo_build(history=0)`) first;
- the secondary indexes, unique constraints and foreign keys of the tables loaded are dropped, and their definitions
  kept in the database (`bench_province_state`), then rebuilt after the load, and the tables ANALYZEd;
- the dossiers are cut into chunks (`province_chunk.py`) that forked workers plan, replay, hash and COPY, each in
  one transaction that also marks the chunk done: a run stopped half-way resumes where it stopped (same command);
- at the end: a sample of event chains verified (`chain_verify`), the spread printed, and the reporting read model
  rebuilt if asked (`lienthong reports_rebuild`, when that command exists).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_DOSSIERS = 10_000_000
STATE_TABLE = "bench_province_state"
LOADED_TABLES = (
    "dossiers_dossier", "dossiers_stepinstance", "dossiers_suspension", "dossiers_attachment",
    "dossiers_dossierevent", "national_nationalsync",
)  # fmt: skip
SAMPLE = 1000  # dossiers whose chains are verified at the end
_SHARED = None  # set before the workers fork: each inherits it


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""), help="PostgreSQL only")
    parser.add_argument("--fresh", action="store_true", help="drop and create the database first")
    parser.add_argument("--dossiers", type=int, default=DEFAULT_DOSSIERS)
    parser.add_argument("--seed", type=int, default=75)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="0: in this process")
    parser.add_argument("--chunk", type=int, default=5000, help="dossiers per transaction")
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--open-share", type=float, default=0.02, help="recent cohort left open (more stay open)")
    parser.add_argument("--keep-indexes", action="store_true", help="load with every index in place (slower)")
    parser.add_argument("--then-rebuild-reports", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        print("bench/province.py writes by COPY on PostgreSQL: give --database-url postgres://…", file=sys.stderr)
        return 2
    if args.fresh:
        database_recreate(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienthong.settings")
    import logging

    import django

    from lienthong.dbconfig import process_is_command

    process_is_command()  # a long batch: the command's timeouts (none), not a web request's 15 s per statement
    django.setup()
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # the specimen PDF's font subsetting, once
    from django.core.management import call_command

    from lienthong.demo.builder import demo_build

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    demo_build(history=0)
    print(f"demo province (no history): {time.perf_counter() - started:.1f} s", flush=True)
    report = province_generate(
        dossiers=args.dossiers, seed=args.seed, workers=args.workers, chunk=args.chunk, years=args.years,
        open_share=args.open_share, drop_indexes=not args.keep_indexes, out=sys.stdout,
    )  # fmt: skip
    reports_rebuild(enabled=args.then_rebuild_reports, out=sys.stdout)
    return 0 if report["audit_breaks"] == 0 else 1


def database_recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# -- the run ---------------------------------------------------------------------------------------------------


def province_generate(*, dossiers: int, seed: int = 75, workers: int = 0, chunk: int = 5000, years: float = 3.0,
                      open_share: float = 0.02, drop_indexes: bool = True, out=None) -> dict:  # fmt: skip
    """Write `dossiers` dossiers into the current database (the demo province must be there); resumes a run left
    half-way. Returns the figures printed (`out`)."""
    from lienthong.dossiers.services.audit import chain_verify
    from province_chunk import Layout

    say = (lambda line: print(line, file=out, flush=True)) if out else (lambda line: None)
    timings, started = {}, time.perf_counter()
    layout = _layout(dossiers=dossiers, seed=seed, chunk=chunk, years=years, open_share=open_share)
    if drop_indexes:
        _indexes_drop()
    written = _chunks_run(Layout(**layout), workers=workers, say=say)
    timings["load"] = time.perf_counter() - started
    step = time.perf_counter()
    _indexes_restore(workers=workers, say=say)
    timings["indexes"] = time.perf_counter() - step
    step = time.perf_counter()
    _finish()
    timings["analyze"] = time.perf_counter() - step
    sample = _sample_ids(layout, SAMPLE)
    breaks = chain_verify(dossier_ids=sample)
    timings["total"] = time.perf_counter() - started
    from province_spread import spread_print, spread_read

    spread = spread_read()
    figures = {**written, "seconds": timings, "audit_sample": len(sample), "audit_breaks": len(breaks), **spread}
    rate = written["dossiers"] / max(timings["load"], 1e-9)
    say(f"loaded {written['dossiers']:,} dossiers, {written['events']:,} events, {written['steps']:,} steps "
        f"in {timings['load']:.1f} s ({rate:,.0f} dossiers/s); indexes {timings['indexes']:.1f} s, "
        f"analyze {timings['analyze']:.1f} s, total {timings['total']:.1f} s")  # fmt: skip
    per_dossier = written["cpu"] / max(written["dossiers"], 1) * 1000
    db_per_dossier = written["db_cpu"] / max(written["dossiers"], 1) * 1000
    say(f"CPU: workers {written['cpu']:.1f} s = {per_dossier:.2f} ms a dossier, their PostgreSQL backends "
        f"{written['db_cpu']:.1f} s = {db_per_dossier:.2f} ms a dossier (0: server not on this machine)")  # fmt: skip
    say(f"audit: {len(sample)} dossiers' chains verified, {len(breaks)} breaks")
    spread_print(spread, say)
    return figures


def _layout(**wanted) -> dict:
    """This run's layout, or the stored one of the run it resumes (which must be the same run)."""
    from django.db import connection, transaction

    from lienthong.dossiers.models import Dossier

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (key text PRIMARY KEY, value jsonb NOT NULL)")
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_province_chunk (k int PRIMARY KEY, dossiers int NOT NULL)")
        cursor.execute(f"SELECT value FROM {STATE_TABLE} WHERE key = 'layout'")  # noqa: S608
        row = cursor.fetchone()
    if row:
        stored = json.loads(row[0]) if isinstance(row[0], str) else row[0]
        asked = {key: stored[key] for key in ("seed", "dossiers", "chunk", "open_share")}
        if asked != {key: wanted[key] for key in asked}:
            raise SystemExit(f"this database holds an unfinished run of {asked}: run it again as it was, or --fresh")
        return stored
    if Dossier.objects.exists():
        raise SystemExit("this database already holds dossiers: generate into a fresh one (--fresh)")
    with transaction.atomic():  # `next_id` locks each table until the layout is stored
        layout = _layout_new(wanted)
        _state_put("layout", layout)
    return layout


def _layout_new(wanted: dict) -> dict:
    from django.utils import timezone

    from lienthong.demo.history.store import next_id
    from lienthong.dossiers.models import Attachment, Dossier, StepInstance

    return {
        "seed": wanted["seed"], "dossiers": wanted["dossiers"], "chunk": wanted["chunk"],
        "open_share": wanted["open_share"], "window_days": round(365 * wanted["years"]),
        "now": timezone.now().isoformat(), "first_dossier": next_id(Dossier), "first_step": next_id(StepInstance),
        "first_attachment": next_id(Attachment),
    }  # fmt: skip


def _state_put(key: str, value) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {STATE_TABLE} (key, value) VALUES (%s, %s) "  # noqa: S608
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )


def _state_get(key: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {STATE_TABLE} WHERE key = %s", [key])  # noqa: S608
        row = cursor.fetchone()
    return (json.loads(row[0]) if isinstance(row[0], str) else row[0]) if row else None


# -- chunks in parallel ------------------------------------------------------------------------------------------


def _chunks_run(layout, *, workers: int, say) -> dict:
    import multiprocessing

    from django.db import connection, connections

    with connection.cursor() as cursor:
        cursor.execute("SELECT k FROM bench_province_chunk")
        done = {k for (k,) in cursor.fetchall()}
    pending = [k for k in range(layout.chunks) if k not in done]
    if done:
        say(f"resuming: {len(done)} of {layout.chunks} chunks already written")
    global _SHARED
    _SHARED = _shared_load(layout)
    totals = {"dossiers": 0, "events": 0, "steps": 0, "files": 0, "synced": 0, "cpu": 0.0, "db_cpu": 0.0}
    started = time.perf_counter()

    def tally(report) -> None:
        for key in totals:
            totals[key] += getattr(report, key)
        rate = totals["dossiers"] / max(time.perf_counter() - started, 1e-9)
        left = (layout.dossiers - totals["dossiers"] - sum(layout.size(k) for k in done)) / max(rate, 1e-9)
        cpu = (totals["cpu"] + totals["db_cpu"]) / totals["dossiers"] * 1000
        say(f"  chunk {report.chunk}: {totals['dossiers']:,} dossiers, {rate:,.0f}/s, {cpu:.2f} ms CPU a dossier "
            f"(workers and database), ~{left / 60:.1f} min left")  # fmt: skip

    if workers <= 0:
        for k in pending:
            tally(_chunk_job((layout, k)))
    else:
        connections.close_all()  # each forked worker opens its own connection
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for report in pool.imap_unordered(_chunk_job, [(layout, k) for k in pending]):
                tally(report)
    return totals


def _shared_load(layout):
    import datetime as dt
    import random

    from lienthong.demo.history.context import context_load
    from lienthong.demo.history.plan import Planner
    from lienthong.demo.history.results import result_specimen
    from lienthong.dossiers.models import StatusMapping
    from province_chunk import Shared

    ctx = context_load(now=dt.datetime.fromisoformat(layout.now))
    planner = Planner(ctx, random.Random(layout.seed), window_days=layout.window_days)  # noqa: S311
    codes = dict(StatusMapping.objects.values_list("status", "national_code"))
    shared = Shared(ctx=ctx, planner=planner, specimen=result_specimen(), national_codes=codes)
    _memo_warm(ctx, days=layout.window_days)
    return shared


def _memo_warm(ctx, *, days: int) -> None:
    """Fill the context's memos (every route of every procedure from every commune, every day's working periods)
    before the workers fork, so that each inherits them instead of asking the database again."""
    import datetime as dt

    from lienthong.demo.history.context import receiving_agency
    from lienthong.dossiers.services.errors import DossierError

    for facts in ctx.versions:
        for centre in ctx.centres:
            try:
                receiving = receiving_agency(ctx, facts, centre)
                for step in facts.steps:
                    ctx.route(step, receiving)
            except DossierError:
                continue
    today = ctx.now.astimezone(ctx.calendar.tz).date()
    for n in range(-days - 7, 120):  # the window, and the due dates that fall after it
        day = today + dt.timedelta(days=n)
        if ctx.calendar.is_working_day(day):
            ctx.calendar.periods(day)


def _chunk_job(job):
    from django.conf import settings
    from django.db import connection
    from django.utils import translation

    from province_chunk import chunk_write

    layout, k = job
    if connection.connection is None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a bench load: a lost last chunk is run again, not corruption
            cursor.execute("SET synchronous_commit = off")
    with translation.override(settings.LANGUAGE_CODE):  # stored texts as a Vietnamese desk writes them
        return chunk_write(layout=layout, shared=_SHARED, k=k)


# -- indexes: dropped for the load, rebuilt after ---------------------------------------------------------------

_CONSTRAINTS = """
SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
FROM pg_constraint c WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('u', 'f')
ORDER BY c.contype DESC, c.conname
"""
_INDEXES = """
SELECT i.indrelid::regclass::text, x.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
ORDER BY x.relname
"""


def _indexes_drop() -> None:
    """Drop the loaded tables' secondary indexes, unique constraints and foreign keys (primary keys stay: ids
    arrive in ascending ranges, cheap to index), keeping their definitions to rebuild; once per run."""
    from django.db import connection

    if _state_get("dropped") is not None:
        return
    with connection.cursor() as cursor:
        cursor.execute(_CONSTRAINTS, [list(LOADED_TABLES)])
        constraints = cursor.fetchall()
        cursor.execute(_INDEXES, [list(LOADED_TABLES)])
        indexes = cursor.fetchall()
    dropped = {
        "unique": [(t, f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}') for t, n, d, kind in constraints if kind == "u"],
        "indexes": [(t, d) for t, _n, d in indexes],
        "foreign": [(t, f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}') for t, n, d, kind in constraints if kind == "f"],
    }
    with connection.cursor() as cursor:
        for table, name, _d, _k in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for _t, name, _d in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    _state_put("dropped", dropped)


def _indexes_restore(*, workers: int, say) -> None:
    """Unique constraints and indexes, a thread per table at a time, then the foreign keys."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    dropped = _state_get("dropped")
    if not dropped:
        return

    def run(statements: list[str]) -> None:
        from django.db import connection as own  # this thread's connection

        try:
            with own.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                for statement in statements:
                    _rebuild(cursor, statement)
        finally:
            own.close()

    by_table: dict[str, list[str]] = {}
    for table, statement in dropped["unique"] + dropped["indexes"]:
        by_table.setdefault(table, []).append(statement)
    say(f"rebuilding {sum(map(len, by_table.values()))} indexes and {len(dropped['foreign'])} foreign keys…")
    if workers <= 0:
        for statements in by_table.values():
            with connection.cursor() as cursor:
                for statement in statements:
                    _rebuild(cursor, statement)
    else:
        with ThreadPoolExecutor(max(1, workers)) as pool:
            list(pool.map(run, sorted(by_table.values(), key=len, reverse=True)))
    with connection.cursor() as cursor:
        for _table, statement in dropped["foreign"]:
            _rebuild(cursor, statement)
    _state_put("dropped", {})


def _rebuild(cursor, statement: str) -> None:
    """One index or constraint; one already there (a run stopped while rebuilding, then resumed) is left as it is."""
    import psycopg
    from django.db import DatabaseError

    try:
        cursor.execute(statement)
    except DatabaseError as error:
        if not isinstance(error.__cause__, psycopg.errors.DuplicateTable | psycopg.errors.DuplicateObject):
            raise


def _finish() -> None:
    """Sequences past the ids chosen, statistics for the planner, and the run's bookkeeping gone."""
    from django.db import connection

    from lienthong.demo.history.store import sequences_reset
    from lienthong.dossiers.models import Attachment, Dossier, StepInstance

    sequences_reset([Dossier, StepInstance, Attachment])
    with connection.cursor() as cursor:
        for table in LOADED_TABLES:
            cursor.execute(f"ANALYZE {table}")
        cursor.execute(f"DROP TABLE {STATE_TABLE}, bench_province_chunk")


def _sample_ids(layout: dict, size: int) -> list[int]:
    """Dossiers drawn at random from the run's id range (contiguous: no scan to draw them)."""
    import random

    first, count = layout["first_dossier"], layout["dossiers"]
    return sorted(random.Random(layout["seed"]).sample(range(first, first + count), min(size, count)))  # noqa: S311


def reports_rebuild(*, enabled: bool, out) -> None:
    """The hook for the reporting read model (issue 12, item 1): filled from the events by its own command."""
    if not enabled:
        return
    from django.core.management import call_command, get_commands

    if "reports_rebuild" not in get_commands():
        print("reports_rebuild: no such command in this version — skipped", file=out, flush=True)
        return
    started = time.perf_counter()
    call_command("reports_rebuild", stdout=out)
    print(f"reports_rebuild: {time.perf_counter() - started:.1f} s", file=out, flush=True)


if __name__ == "__main__":
    sys.exit(main())
