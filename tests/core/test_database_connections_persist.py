"""Both engines keep a connection between requests: reopening SQLite runs its PRAGMAs and Django's set-up again."""

from pathlib import Path

from lienthong.dbconfig import database_config


def test_sqlite_keeps_its_connection_as_long_as_postgresql(tmp_path: Path):
    sqlite = database_config(url="", data_dir=tmp_path, conn_max_age=45)
    postgresql = database_config(url="postgres://lt@db.internal/lienthong", data_dir=tmp_path, conn_max_age=45)

    assert sqlite["CONN_MAX_AGE"] == postgresql["CONN_MAX_AGE"] == 45
