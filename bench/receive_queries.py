"""Where one receipt's time goes: its queries (CaptureQueriesContext), its database time and its Python time.

.venv/bin/python bench/receive_queries.py [--receipts 200] [--profile]
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt_bench_recv .venv/bin/python bench/receive_queries.py
                                                # a fresh test_lt_bench_recv_queries database, dropped after

Same desk, procedure and request as bench/receive.py, called in-process (no HTTP): one warm-up receipt (it
builds the year's calendar), one receipt with every query printed, then `--receipts` back to back, timed, with the
share spent waiting on the database; `--profile` adds the Python functions that cost the most.
"""

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time

from receive_fixture import REQUEST, bench_environ, fresh_database, province_setup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--receipts", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    parser.add_argument("--sort", default="cumulative", help="profile order: cumulative or tottime")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lienthong-bench-") as data_dir:
        bench_environ(data_dir)
        import django

        django.setup()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with fresh_database(test_name="test_lt_bench_recv_queries"):
            province_setup()
            from receive_app import desk  # the view's own lookups, once per process

            at = desk()

            def receive():
                from lienthong.dossiers.constants import Channel
                from lienthong.dossiers.services import Applicant, dossier_receive

                return dossier_receive(
                    officer=at.officer, agency=at.agencies[0], version=at.version, channel=Channel.COUNTER,
                    applicant=Applicant(**REQUEST["applicant"]), form_data=REQUEST["form"],
                    documents_present=set(at.documents),
                )  # fmt: skip

            receive()
            timer = _DriverTimer()
            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
                dossier = receive()
            print(f"{connection.vendor}: one receipt ({dossier.code}) = {len(captured)} queries")
            durations = iter(timer.durations)  # BEGIN and COMMIT are not cursor.execute calls: not timed
            for number, query in enumerate(captured.captured_queries, start=1):
                timed = query["sql"] not in ("BEGIN", "BEGIN IMMEDIATE", "COMMIT")
                took = f"{1000 * next(durations):5.2f} ms" if timed else " " * 8
                print(f"{number:>3}. {took}  {_short(query['sql'])}")

            timer = _DriverTimer()
            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
                started = time.perf_counter()
                for _ in range(args.receipts):
                    receive()
                elapsed = time.perf_counter() - started
            in_driver = sum(timer.durations)
            print(
                f"\n{args.receipts} receipts back to back: {1000 * elapsed / args.receipts:.2f} ms each, "
                f"{len(captured) / args.receipts:.0f} queries each; {1000 * in_driver / args.receipts:.2f} ms of it "
                f"in cursor.execute (driver and database), {1000 * (elapsed - in_driver) / args.receipts:.2f} ms "
                "in Django and the services"
            )
            _phases(receive, args.receipts)
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(args.receipts):
                    receive()
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(25)
                print(out.getvalue())
    return 0


class _DriverTimer:
    """An execute wrapper: how long each cursor.execute took, driver and database together."""

    def __init__(self) -> None:
        self.durations: list[float] = []

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.durations.append(time.perf_counter() - began)


def _phases(receive, receipts: int) -> None:
    """Wall time of each step of `dossier_receive`, by timing the collaborators it calls (bench-only wrappers)."""
    from django.db import connection

    from lienthong.core import calendar_store
    from lienthong.dossiers.models import Dossier
    from lienthong.dossiers.services import intake
    from lienthong.dossiers.services.eventlog import write as events

    spent: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - began

        return wrapper

    originals = {
        (intake, "require_role"): "role check (1 query)",
        (intake, "_check_complete"): "form and checklist (no query: the documents come prefetched)",
        (intake, "form_errors"): "  of which the JSON Schema validation",
        (intake, "due_for"): "due date (no query: the calendar is re-read every few seconds)",
        (calendar_store, "_snapshot"): "  of which reading the calendar rules and overrides (1 query, when due)",
        (Dossier, "save"): "dossier insert",
        (intake, "receipt_record"): "PostgreSQL: code + event + chain head + outbox (1 statement; lock to commit)",
        (intake, "dossier_code_issue"): "SQLite: code (1 upsert; the desk-day row lock is held from here to commit)",
        (intake, "record_event"): "SQLite: event + dossier update + outbox (3 queries)",
        (events, "enqueue_dispatch"): "after commit: a dispatch (1 insert, at most once a second; else nothing)",
    }
    saved = {key: getattr(*key) for key in originals}
    commit = connection.commit
    connection.commit = timed("commit", commit)
    for (owner, attribute), name in originals.items():
        setattr(owner, attribute, timed(name, saved[(owner, attribute)]))
    try:
        started = time.perf_counter()
        for _ in range(receipts):
            receive()
        total = time.perf_counter() - started
    finally:
        for (owner, attribute), original in saved.items():
            setattr(owner, attribute, original)
        del connection.commit
    print(f"\nwhere a receipt's {1000 * total / receipts:.2f} ms go (wall time, mean of {receipts}):")
    for name in [*originals.values(), "commit"]:
        print(f"  {1000 * spent.get(name, 0.0) / receipts:6.2f} ms  {name}")
    rest = total - sum(seconds for name, seconds in spent.items() if not name.startswith(" "))
    print(f"  {1000 * rest / receipts:6.2f} ms  the rest (BEGIN, the Dossier object, Python between steps)")


def _short(sql: str, width: int = 150) -> str:
    return sql if len(sql) <= width else sql[: width - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
