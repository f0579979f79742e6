"""`lienthong demo` on a data directory nobody has used yet creates the tables itself, then builds the demo —
instead of failing with "no such table"."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    "DATABASE_URL" in os.environ, reason="a fresh data directory is the embedded-SQLite path"
)


def test_the_demo_command_migrates_an_empty_data_directory_then_builds(tmp_path: Path):
    env = {**os.environ, "LIENTHONG_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)

    done = subprocess.run(  # noqa: S603 — our own command, fixed arguments
        [sys.executable, "-m", "lienthong", "demo", "--history", "0"],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip

    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Traceback" not in output
    assert output.index("đang cập nhật (migrate)") < output.index("Cơ quan, đơn vị: 306 (ghi 306)")
    assert "mật khẩu chung: lienthong-demo" in output
    assert (tmp_path / "lienthong.sqlite3").exists()
