"""The database a deployment uses: PostgreSQL through DATABASE_URL, else embedded SQLite in the data directory."""

from dataclasses import dataclass
from pathlib import Path

import dj_database_url


@dataclass(frozen=True)
class Timeouts:
    """PostgreSQL's `statement_timeout` and `lock_timeout`, in seconds; 0 means none."""

    statement: float = 0
    lock: float = 0

    def options(self) -> str:
        """Set at connection start-up (libpq `options`), so they cost no statement; whole milliseconds."""
        return " ".join(
            f"-c {name}={round(seconds * 1000)}"
            for name, seconds in (("statement_timeout", self.statement), ("lock_timeout", self.lock))
            if seconds > 0
        )


# Which timeouts this process takes: a web request gives up on a stalled statement or lock and answers 503 while a
# gunicorn worker is still free; the worker and `lienthong` commands run long batches (the demo build, `audit
# verify`, backfills) and take their own. `lienthong.cli` marks its process before the settings are read.
_PROCESS = {"kind": "web"}


def process_is_command() -> None:
    """Called by the `lienthong` command before Django reads the settings."""
    _PROCESS["kind"] = "command"


def process_kind() -> str:
    return _PROCESS["kind"]


def keepalives(value: str) -> dict:
    """libpq's TCP keepalives from LIENTHONG_DB_KEEPALIVES, "idle,interval,count" in seconds ("0": the system's).
    A peer that vanished (a node's machine lost, a firewall that forgot the connection) is then noticed after about
    idle + interval × count seconds instead of the kernel's two hours — by the client here, and with the server's
    `tcp_keepalives_*` and PgBouncer's `tcp_keep*` (deploy/) by them."""
    if value.strip() in ("", "0"):
        return {}
    idle, interval, count = (int(part) for part in value.split(","))
    return {"keepalives": 1, "keepalives_idle": idle, "keepalives_interval": interval, "keepalives_count": count}


def database_config(
    *,
    url: str,
    data_dir: Path,
    conn_max_age: int = 60,
    sqlite_timeout: int = 20,
    timeouts: Timeouts | None = None,
    connect_timeout: int = 0,
    tcp_keepalives: dict | None = None,
) -> dict:
    if url:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
        if config["ENGINE"].endswith("postgresql"):
            config.setdefault("OPTIONS", {})
            for name, value in (tcp_keepalives or {}).items():  # `?keepalives_idle=…` in the URL wins
                config["OPTIONS"].setdefault(name, value)
            if connect_timeout:
                config["OPTIONS"].setdefault("connect_timeout", connect_timeout)
        if timeouts and (options := timeouts.options()) and config["ENGINE"].endswith("postgresql"):
            config.setdefault("OPTIONS", {})
            given = config["OPTIONS"].get("options", "")  # `?options=…` in the URL: kept, ours after it
            config["OPTIONS"]["options"] = f"{given} {options}".strip()
        return config
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
            # That busy timeout is SQLite's lock timeout; a statement has none (one machine, one file).
            "transaction_mode": "IMMEDIATE",
            "timeout": sqlite_timeout,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }
