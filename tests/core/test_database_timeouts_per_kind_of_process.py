"""Issue 11 §14: every PostgreSQL connection starts with a statement and a lock timeout — the web's (15 s, 10 s) in
gunicorn, the commands' (none by default) in the worker, the scheduler and `lienthong …` batches such as the demo
build or `audit verify`. SQLite keeps its busy timeout and takes no such option."""

import os
import subprocess
import sys
from pathlib import Path

from lienthong.dbconfig import Timeouts, database_config

SHOW = "from django.conf import settings; print(repr(settings.DATABASES['default'].get('OPTIONS', {}).get('options')))"
URL = "postgres://lt@db.invalid:5432/lienthong"


def _options_seen_by(argv: list[str], **environment: str) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIENTHONG_DB_")}
    env.update(DATABASE_URL=URL, **environment)
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=True)  # noqa: S603
    return done.stdout.strip().splitlines()[-1]


def test_the_web_process_and_a_command_start_their_connections_with_their_own_timeouts():
    web = _options_seen_by([sys.executable, "-c", f"import lienthong.wsgi; {SHOW}"])
    command = _options_seen_by([sys.executable, "-m", "lienthong", "shell", "-c", SHOW])
    batch = _options_seen_by([sys.executable, "-m", "lienthong", "shell", "-c", SHOW],
                             LIENTHONG_DB_COMMAND_STATEMENT_TIMEOUT="3600")  # fmt: skip

    assert web == "'-c statement_timeout=15000 -c lock_timeout=10000'"
    assert command == "None"
    assert batch == "'-c statement_timeout=3600000'"


def test_options_already_in_the_url_are_kept_before_the_timeouts(tmp_path: Path):
    config = database_config(url=f"{URL}?options=-c%20search_path%3Dlt", data_dir=tmp_path,
                             timeouts=Timeouts(statement=2.5, lock=0))  # fmt: skip

    assert config["OPTIONS"]["options"] == "-c search_path=lt -c statement_timeout=2500"


def test_sqlite_takes_no_timeout_option(tmp_path: Path):
    config = database_config(url="", data_dir=tmp_path, sqlite_timeout=20, timeouts=Timeouts(statement=15, lock=5))

    assert "options" not in config["OPTIONS"] and config["OPTIONS"]["timeout"] == 20
