"""Time `demo_build` into a fresh database: the first build (the province, then its 20,000-dossier history), the
second that must change nothing, and `audit_verify` over the history's event chains.

.venv/bin/python bench/demo.py                                   # a temporary SQLite file
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt .venv/bin/python bench/demo.py   # a fresh test_lt database
"""

import os
import sys
import tempfile
import time

HISTORY_TABLES = ("dossiers", "dossier_events")


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienthong.settings")
    with tempfile.TemporaryDirectory(prefix="lienthong-bench-") as data_dir:
        if not os.environ.get("DATABASE_URL"):
            os.environ["LIENTHONG_DATA_DIR"] = data_dir  # settings put the SQLite file there
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from lienthong.demo.builder import demo_build
        from lienthong.dossiers.services.audit import audit_verify

        on_postgres = connection.vendor != "sqlite"
        # PostgreSQL: Django's test-database utilities create and migrate an empty test_<name> database.
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True) if on_postgres else None
        try:
            if not on_postgres:
                call_command("migrate", verbosity=0, interactive=False)
            first = demo_build()
            second = demo_build()
            started = time.perf_counter()
            audit = audit_verify()
            audit_seconds = time.perf_counter() - started
            history = first.history
            rows = sum(count for name, count in first.totals.items() if name not in HISTORY_TABLES)
            history_rows = history.dossiers + history.steps + history.events
            baseline = _baseline_seconds(connection, rows)
            history_baseline = _baseline_seconds(connection, history_rows)
        finally:
            if on_postgres:
                connection.creation.destroy_test_db(old_name, verbosity=0)
            connection.close()
    print(f"database: {connection.vendor}")
    verdict = "no changes" if not second.changed else "CHANGED ROWS — not idempotent"
    province = first.seconds - history.seconds
    print(f"demo build: {first.seconds:.1f} s (first), {second.seconds:.1f} s (second, {verdict})")
    print(f"  province and catalogue: {province:.1f} s")
    print(
        f"  history: {history.dossiers} dossiers, {history.events} events, {history.steps} steps in "
        f"{history.seconds:.1f} s = {history.dossiers / history.seconds:.0f} dossiers/s, "
        f"{history.events / history.seconds:.0f} events/s"
    )
    returned = history.on_time + history.late
    print("  statuses: " + ", ".join(f"{status} {n}" for status, n in history.by_status.items()))
    print("  channels: " + ", ".join(f"{channel} {n}" for channel, n in history.by_channel.items()))
    print(f"  returned on time: {history.on_time} of {returned} ({history.on_time / max(returned, 1):.0%})")
    print("counts: " + ", ".join(f"{name} {count}" for name, count in second.totals.items()))
    print(f"audit verify: {'ok' if audit.ok else 'BROKEN'}, {audit.dossiers} dossiers, {audit.events} events "
          f"in {audit_seconds:.1f} s")  # fmt: skip
    print(
        f"baseline: {rows} rows in one executemany transaction: {baseline:.3f} s; "
        f"province build = {province / baseline:.0f}x baseline"
    )
    print(
        f"baseline: {history_rows} rows (the history's dossiers, steps and events) in one executemany "
        f"transaction: {history_baseline:.2f} s; history build = {history.seconds / history_baseline:.0f}x baseline"
    )
    return 1 if second.changed or not audit.ok else 0


def _baseline_seconds(connection, rows: int) -> float:
    """The floor on this machine: as many rows as the demo holds, inserted by one plain executemany transaction."""
    from django.db import transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_baseline (id integer PRIMARY KEY, name varchar(150), code varchar(40))")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_baseline (id, name, code) VALUES (%s, %s, %s)",
            [(n, f"Đơn vị hành chính số {n}", f"000.00.{n:05d}") for n in range(rows)],
        )
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_baseline")
    return elapsed


if __name__ == "__main__":
    sys.exit(main())
