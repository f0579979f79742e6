"""A PostgreSQL primary and its streaming replica, two clusters of their own in a temporary folder (initdb, then
pg_basebackup of the primary), holding a copy of the test database: the router's tests point Django's `default` at
the primary and a `replica` alias at the standby, as a deployment does with DATABASE_URL and DATABASE_REPLICA_URL."""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

START_SECONDS = 60


def postgres_bin(name: str) -> str | None:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(found[-1]) if found else None


def why_not() -> str | None:
    """None when this machine can start clusters; else the reason, for the skip."""
    if os.geteuid() != 0:
        return "starting PostgreSQL clusters needs root (to run them as the postgres user)"
    missing = [name for name in ("initdb", "postgres", "pg_basebackup", "pg_ctl") if postgres_bin(name) is None]
    if missing:
        return f"PostgreSQL's server programs are missing: {', '.join(missing)}"
    if shutil.which("runuser") is None or shutil.which("pg_dump") is None:
        return "runuser or pg_dump is missing"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(*argv: str) -> subprocess.CompletedProcess:
    command = ["runuser", "-u", "postgres", "--", *argv]
    return subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603


class Cluster:
    def __init__(self, folder: Path, port: int):
        self.data, self.port = folder, port

    def start(self) -> None:
        _as_postgres(postgres_bin("pg_ctl"), "start", "-D", str(self.data), "-w", "-t", str(START_SECONDS),
                     "-l", str(self.data.parent / f"{self.data.name}.log"), "-o",
                     f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.data.parent}"
                     " -c fsync=off -c full_page_writes=off")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            _as_postgres(postgres_bin("pg_ctl"), "stop", "-D", str(self.data), "-m", mode, "-w")

    def sql(self, statement: str, database: str = "postgres") -> str:
        done = subprocess.run(  # noqa: S603
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-Atc", statement],  # noqa: S607
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return done.stdout.strip()


class PrimaryAndReplica:
    """Both clusters, the primary holding `database` copied from `source` (host, port, name)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="lienthong-replica-"))
        self.folder.chmod(0o755)
        shutil.chown(self.folder, "postgres", "postgres")
        self.primary = Cluster(self.folder / "primary", free_port())
        self.replica = Cluster(self.folder / "replica", free_port())

    def start(self, *, database: str, source: tuple[str, int, str]) -> None:
        _as_postgres(postgres_bin("initdb"), "-D", str(self.primary.data), "-U", "postgres", "-A", "trust",
                     "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8")  # fmt: skip
        self.primary.start()  # wal_level=replica, max_wal_senders=10 and replication trusted: initdb's defaults
        self.primary.sql(f'CREATE DATABASE "{database}"')
        host, port, name = source
        dump = subprocess.run(  # noqa: S603
            ["pg_dump", "-h", host, "-p", str(port), "-U", "postgres", "-Fc", name],  # noqa: S607
            capture_output=True, check=True,
        )  # fmt: skip
        subprocess.run(  # noqa: S603
            ["pg_restore", "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres", "-d", database,  # noqa: S607
             "--no-owner"], input=dump.stdout, capture_output=True, check=True,
        )  # fmt: skip
        # --checkpoint=fast: the default spread checkpoint made each clone wait ~90 s for nothing
        _as_postgres(postgres_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres",
                     "-D", str(self.replica.data), "-R", "-X", "stream", "--no-sync", "--checkpoint=fast")  # fmt: skip
        self.replica.start()  # standby.signal from -R: a hot standby streaming from the primary
        deadline = time.monotonic() + START_SECONDS
        while self.replica.sql("SELECT pg_is_in_recovery()") != "t" and time.monotonic() < deadline:
            time.sleep(0.2)

    def caught_up(self, seconds: float = 30) -> bool:
        """Wait until the replica has replayed everything the primary has written so far."""
        target = self.primary.sql("SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.replica.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t":
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        self.replica.stop("immediate")
        self.primary.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
