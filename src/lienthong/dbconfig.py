"""The database a deployment uses: PostgreSQL through DATABASE_URL, else embedded SQLite in the data directory."""

from pathlib import Path

import dj_database_url


def database_config(*, url: str, data_dir: Path, conn_max_age: int = 60, sqlite_timeout: int = 20) -> dict:
    if url:
        return dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": data_dir / "lienthong.sqlite3",
        # Kept open between requests as on PostgreSQL: opening one runs the PRAGMAs below and registers Django's
        # SQL functions (milliseconds, more than a receipt's queries), and a local file cannot drop a connection,
        # so there is nothing to health-check.
        "CONN_MAX_AGE": conn_max_age,
        "OPTIONS": {
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so two
            # writers queue on the busy timeout instead of failing with "database is locked" mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": sqlite_timeout,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }
