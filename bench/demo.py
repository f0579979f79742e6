"""Time `demo_build` into a fresh database: the first build, then the second that must change nothing.

.venv/bin/python bench/demo.py                                   # a temporary SQLite file
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt .venv/bin/python bench/demo.py   # a fresh test_lt database
"""

import os
import sys
import tempfile


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

        on_postgres = connection.vendor != "sqlite"
        # PostgreSQL: Django's test-database utilities create and migrate an empty test_<name> database.
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True) if on_postgres else None
        try:
            if not on_postgres:
                call_command("migrate", verbosity=0, interactive=False)
            first = demo_build()
            second = demo_build()
            rows = sum(first.totals.values())
            baseline = _baseline_seconds(connection, rows)
        finally:
            if on_postgres:
                connection.creation.destroy_test_db(old_name, verbosity=0)
            connection.close()
    print(f"database: {connection.vendor}")
    verdict = "no changes" if not second.changed else "CHANGED ROWS — not idempotent"
    print(f"demo build: {first.seconds:.1f} s (first), {second.seconds:.1f} s (second, {verdict})")
    print("counts: " + ", ".join(f"{name} {count}" for name, count in second.totals.items()))
    print(
        f"baseline: {rows} rows in one executemany transaction: {baseline:.3f} s; "
        f"demo build = {first.seconds / baseline:.0f}x baseline"
    )
    return 1 if second.changed else 0


def _baseline_seconds(connection, rows: int) -> float:
    """The floor on this machine: as many rows as the demo holds, inserted by one plain executemany transaction."""
    import time

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
