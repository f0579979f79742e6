import os
import sqlite3
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

from lienthong.dbconfig import database_config


def test_without_database_url_the_embedded_sqlite_lives_in_the_data_directory(tmp_path: Path):
    config = database_config(url="", data_dir=tmp_path / "data")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(config["NAME"]) == tmp_path / "data" / "lienthong.sqlite3"
    assert (tmp_path / "data").is_dir()


def test_embedded_sqlite_opens_in_wal_mode_with_immediate_transactions_and_a_busy_timeout(
    tmp_path: Path, django_db_blocker
):
    # a connection of its own, outside the test database, so it must be unblocked explicitly
    connection = ConnectionHandler({"default": database_config(url="", data_dir=tmp_path, sqlite_timeout=7)})["default"]
    with django_db_blocker.unblock():
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone()[0] == "wal"
                cursor.execute("PRAGMA foreign_keys")
                assert cursor.fetchone()[0] == 1
                cursor.execute("PRAGMA busy_timeout")
                assert cursor.fetchone()[0] == 7000
            # IMMEDIATE: an atomic block takes the write lock at BEGIN, before its first write, so another
            # writer is refused at once instead of the two deadlocking later.
            with connection.cursor() as cursor:
                cursor.execute("CREATE TABLE t (x integer)")
            connection.set_autocommit(False)
            connection._start_transaction_under_autocommit()  # what transaction.atomic() does on SQLite
            other = sqlite3.connect(Path(tmp_path) / "lienthong.sqlite3", timeout=0)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO t VALUES (1)")
            other.close()
            connection.rollback()
        finally:
            connection.close()


def test_database_url_selects_postgresql_with_persistent_checked_connections():
    config = database_config(url="postgres://lt:secret@db.internal:5433/lienthong", data_dir=Path("/nonexistent"))
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == ("db.internal", 5433, "lienthong", "lt")
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_postgresql_connections_carry_tcp_keepalives_unless_the_url_or_the_setting_says_otherwise():
    from lienthong.dbconfig import keepalives

    given = keepalives("60,10,6")
    config = database_config(url="postgres://lt@db.internal/lienthong", data_dir=Path("/x"), tcp_keepalives=given)
    assert {k: config["OPTIONS"][k] for k in given} == {
        "keepalives": 1, "keepalives_idle": 60, "keepalives_interval": 10, "keepalives_count": 6
    }  # fmt: skip
    url = "postgres://lt@db.internal/lienthong?keepalives_idle=30"
    assert database_config(url=url, data_dir=Path("/x"), tcp_keepalives=given)["OPTIONS"]["keepalives_idle"] == 30
    assert keepalives("0") == {} and keepalives("") == {}


@pytest.mark.django_db
def test_the_live_postgresql_connection_has_keepalive_on_its_socket():
    import socket

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("TCP keepalives are PostgreSQL's connection options: SQLite is a local file")
    connection.ensure_connection()
    raw = socket.socket(fileno=os.dup(connection.connection.pgconn.socket))  # a copy: closing it leaves Django's
    try:
        assert raw.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        assert raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == 60
        assert raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL) == 10
        assert raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT) == 6
    finally:
        raw.close()
