"""The production topology as separate hosts on this machine (issue 17 §4; docs/deployment.md, "Tested as several
hosts"): each program in its own network namespace with its own address on a bridge, as it would be on its own
machine — PostgreSQL (a cluster of its own, started with initdb), Redis, SeaweedFS, two gunicorn web nodes, two task
workers, the scheduler, and HAProxy in front with deploy/haproxy.cfg. A load of desk receipts with scans (the back
office's form, signed in) and systems' API creates (with an Idempotency-Key, retried as a system would) runs through
HAProxy; one web node and one worker are killed with SIGKILL mid-load (every process of the "host") and restarted.
Then it checks: no acknowledged dossier lost, no duplicate code, no effect applied twice (one dossier per API
request, the reports' counts equal to the dossiers), every outbox message delivered, every file in the bucket and
none on a node's disk, and `lienthong audit verify` on the result. After the load PgBouncer is killed and restarted:
503 meanwhile, the web nodes not ready then ready again, requests made then succeed, the workers still running.
Everything it started is torn down, even on failure or Ctrl-C.

Run as root from the repository, with the project's virtualenv:

    sudo .venv/bin/python deploy/netns/multihost.py [--requests 300] [--clients 8] [--json report.json]

Exit code 0 when every check passes. tests/ops/test_multihost_kill_and_restart.py runs it with a smaller load where
root and `ip netns` are available.
"""

import argparse
import concurrent.futures
import contextlib
import io
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "ltmh"  # namespaces ltmh-<host>, links ltmh<n>, the bridge ltmh-br
BRIDGE = f"{PREFIX}-br"
SUBNET = "10.77.0"
HOSTS = {"db": 10, "redis": 11, "s3": 12, "replica": 13, "pgbouncer": 14, "web1": 21, "web2": 22, "worker1": 31,
         "worker2": 32, "scheduler": 40, "lb": 50}  # fmt: skip
HOST_NAME = "motcua.example.vn"
S3_ACCESS, S3_SECRET, BUCKET = "lienthong", "lienthong-multihost-secret-0123456789", "lienthong"
SECRET_KEY = "multihost-" + "k" * 60  # one key for every node: a session made on one is read on the other
START_SECONDS = 90
API_ATTEMPTS = 10
REPORT = "/backoffice/chi-so/"  # the leaders' dashboard: read from the replica while it keeps up
# PostgreSQL's TCP keepalives and idle-transaction limit, as deploy/compose.yaml gives them
POSTGRES_KEEPALIVES = ["-c", "tcp_keepalives_idle=60", "-c", "tcp_keepalives_interval=10", "-c",
                       "tcp_keepalives_count=6"]  # fmt: skip
IN_FLIGHT = "idempotency_key_in_flight"  # the 409 of a key whose first request is still being worked
# deploy/postgres/primary-init.sh's roles, as compose names them: the owner (migrations, workers, scheduler; no
# statement timeout) is the cluster's bootstrap superuser, as the postgres image's POSTGRES_USER; the web nodes' own
# role carries the web's statement and lock timeouts
OWNER, WEB_ROLE = "lienthong", "lienthong_web"
# the role each node connects as, compose's services' (tests/ops/test_k8s_manifests.py keeps them in step)
NODE_ROLES = {"web1": WEB_ROLE, "web2": WEB_ROLE, "worker1": OWNER, "worker2": OWNER, "scheduler": OWNER,
              "migrate": OWNER}  # fmt: skip


def ip(host: str) -> str:
    return f"{SUBNET}.{HOSTS[host]}"


def namespace(host: str) -> str:
    return f"{PREFIX}-{host}"


def run(*argv: str, host: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    prefix = ["ip", "netns", "exec", namespace(host)] if host else []
    result = subprocess.run([*prefix, *argv], capture_output=True, text=True, check=False)  # noqa: S603
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: exit {result.returncode}\n{result.stdout}{result.stderr}")
    return result


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", file=sys.stderr, flush=True)


# -- the hosts --------------------------------------------------------------------------------------------------------


class Network:
    """A bridge, and one namespace per host joined to it by a veth pair; this (root) namespace is 10.77.0.1."""

    def up(self) -> None:
        self.down()  # what a previous run killed with SIGKILL may have left
        run("ip", "link", "add", BRIDGE, "type", "bridge")
        run("ip", "addr", "add", f"{SUBNET}.1/24", "dev", BRIDGE)
        run("ip", "link", "set", BRIDGE, "up")
        for host, number in HOSTS.items():
            outside, inside = f"{PREFIX}{number}", f"{PREFIX}{number}p"
            run("ip", "netns", "add", namespace(host))
            run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
            run("ip", "link", "set", inside, "netns", namespace(host))
            run("ip", "link", "set", outside, "master", BRIDGE)
            run("ip", "link", "set", outside, "up")
            run("ip", "link", "set", inside, "name", "eth0", host=host)
            run("ip", "addr", "add", f"{ip(host)}/24", "dev", "eth0", host=host)
            run("ip", "link", "set", "eth0", "up", host=host)
            run("ip", "link", "set", "lo", "up", host=host)

    def down(self) -> None:
        for host in HOSTS:
            run("ip", "netns", "delete", namespace(host), check=False)  # takes its end of the veth pair along
            run("ip", "link", "delete", f"{PREFIX}{HOSTS[host]}", check=False)
        run("ip", "link", "delete", BRIDGE, check=False)


@dataclass
class Program:
    name: str
    host: str
    argv: list[str]
    env: dict[str, str]
    user: str | None = None
    process: subprocess.Popen | None = None


class Programs:
    """Every program started, each in a session of its own: a host's death is SIGKILL to its whole group."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.started: dict[str, Program] = {}

    def start(self, program: Program) -> Program:
        argv = ["ip", "netns", "exec", namespace(program.host)]
        argv += ["runuser", "-u", program.user, "--"] if program.user else []
        with (self.logs / f"{program.name}.log").open("ab") as out:
            program.process = subprocess.Popen(  # noqa: S603 — our own programs
                [*argv, *program.argv], env=program.env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                start_new_session=True,
            )  # fmt: skip
        self.started[program.name] = program
        return program

    def kill(self, name: str) -> None:
        process = self.started[name].process
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def restart(self, name: str) -> None:
        self.start(self.started[name])

    def stop_all(self) -> None:
        for program in reversed(list(self.started.values())):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(program.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for program in self.started.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                program.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            with contextlib.suppress(ProcessLookupError):
                os.killpg(program.process.pid, signal.SIGKILL)  # the group: children that outlived their parent
            program.process.wait()


# -- the engines ------------------------------------------------------------------------------------------------------


def postgres_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise SystemExit(f"{name} not found under /usr/lib/postgresql (apt-get install postgresql)")
    return str(found[-1])


def postgres_start(programs: Programs, work: Path) -> None:
    data, sockets = work / "postgres", work / "postgres-sockets"
    for folder in (data, sockets):
        folder.mkdir(mode=0o700)
        shutil.chown(folder, "postgres", "postgres")
    run("runuser", "-u", "postgres", "--", postgres_bin("initdb"), "-D", str(data), "-U", OWNER,
                 "-A", "trust", "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8")  # fmt: skip
    with (data / "pg_hba.conf").open("a") as hba:
        hba.write(f"host all all {SUBNET}.0/24 trust\nhost replication all {SUBNET}.0/24 trust\n")
    programs.start(Program("postgres", "db", [
        postgres_bin("postgres"), "-D", str(data), "-c", f"listen_addresses={ip('db')}", "-c", "port=5432",
        "-c", f"unix_socket_directories={sockets}", "-c", "max_connections=200", "-c", "shared_buffers=128MB",
        "-c", "wal_level=replica", "-c", "idle_in_transaction_session_timeout=180s", *POSTGRES_KEEPALIVES,
        # a disposable cluster that is never killed here: its durability is not what the run checks
        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
    ], env=dict(os.environ), user="postgres"))  # fmt: skip
    wait_for("PostgreSQL", lambda: run(postgres_bin("pg_isready"), "-h", ip("db"), "-p", "5432", check=False)
             .returncode == 0)  # fmt: skip
    run(postgres_bin("createdb"), "-h", ip("db"), "-U", OWNER, "lienthong")
    # what the postgres image runs from docker-entrypoint-initdb.d on a first start (compose mounts the same file):
    # the replication role and its slot, the web's role with its timeouts; this cluster trusts the bridge's hosts
    # (pg_hba above), so the passwords are never asked for
    init = ROOT / "deploy" / "postgres" / "primary-init.sh"
    unused = {"POSTGRES_WEB_PASSWORD": "multihost-web", "REPLICATION_PASSWORD": "multihost-replication"}
    subprocess.run(["bash", str(init)], check=True, capture_output=True, text=True, env=dict(  # noqa: S603, S607
        os.environ, PGHOST=ip("db"), PGPORT="5432", PGDATA=str(data), POSTGRES_USER=OWNER, POSTGRES_DB="lienthong",
        POSTGRES_WEB_USER=WEB_ROLE, **unused,
    ))  # fmt: skip


def replica_start(programs: Programs, work: Path) -> None:
    """The streaming replica on a host of its own, cloned from the primary by pg_basebackup (as
    deploy/postgres/replica-start.sh does): the migrations and the load reach it by streaming."""
    data, sockets = work / "replica", work / "replica-sockets"
    for folder in (data, sockets):
        folder.mkdir(mode=0o700)
        shutil.chown(folder, "postgres", "postgres")
    # --checkpoint=fast: the default spread checkpoint made the clone wait ~90 s for nothing on an idle primary
    run("runuser", "-u", "postgres", "--", postgres_bin("pg_basebackup"), "-h", ip("db"), "-p", "5432",
        "-U", "replicator", "-S", "replica_1", "-D", str(data), "-R", "-X", "stream", "--no-sync",
        "--checkpoint=fast", host="replica")  # fmt: skip
    programs.start(Program("replica", "replica", [
        postgres_bin("postgres"), "-D", str(data), "-c", f"listen_addresses={ip('replica')}", "-c", "port=5432",
        "-c", f"unix_socket_directories={sockets}", "-c", "hot_standby=on", "-c", "hot_standby_feedback=on",
        "-c", "max_connections=200",  # a standby needs at least the primary's
        *POSTGRES_KEEPALIVES, "-c", "fsync=off",
    ], env=dict(os.environ), user="postgres"))  # fmt: skip
    wait_for("the replica", lambda: run(postgres_bin("pg_isready"), "-h", ip("replica"), "-p", "5432", check=False)
             .returncode == 0)  # fmt: skip


def pgbouncer_config(work: Path) -> Path:
    """deploy/pgbouncer/pgbouncer.ini itself, with the hosts' addresses in place of the names; the clusters here trust
    the bridge's hosts, so PgBouncer does too (no passwords to hand around)."""
    config = (ROOT / "deploy" / "pgbouncer" / "pgbouncer.ini").read_text(encoding="utf-8")
    userlist = work / "pgbouncer-users.txt"
    userlist.write_text(f'"{OWNER}" ""\n"{WEB_ROLE}" ""\n', encoding="utf-8")  # compose's userlist.txt, no passwords
    for name, value in [
        ("host=postgres-primary", f"host={ip('db')}"),
        ("host=postgres-replica", f"host={ip('replica')}"),
        ("listen_addr = 0.0.0.0", f"listen_addr = {ip('pgbouncer')}"),
        ("auth_type = scram-sha-256", "auth_type = trust"),
        ("auth_file = /etc/pgbouncer/userlist.txt", f"auth_file = {userlist}"),
    ]:
        if name not in config:
            raise RuntimeError(f"deploy/pgbouncer/pgbouncer.ini has no `{name}` any more")
        config = config.replace(name, value)
    path = work / "pgbouncer.ini"
    path.write_text(config, encoding="utf-8")
    return path


def pgbouncer_start(programs: Programs, work: Path) -> None:
    programs.start(Program("pgbouncer", "pgbouncer", ["pgbouncer", str(pgbouncer_config(work))], dict(os.environ),
                           user="postgres"))  # fmt: skip
    wait_for("PgBouncer", lambda: run(postgres_bin("pg_isready"), "-h", ip("pgbouncer"), "-p", "6432", "-U",
                                      OWNER, "-d", "lienthong", check=False).returncode == 0)  # fmt: skip


def seaweed_start(programs: Programs, work: Path) -> None:
    config = work / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "lienthong",
                        "credentials": [{"accessKey": S3_ACCESS, "secretKey": S3_SECRET}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    (work / "seaweedfs").mkdir()
    weed = str(Path(sys.executable).with_name("weed")) if Path(sys.executable).with_name("weed").exists() else "weed"
    programs.start(Program("seaweedfs", "s3", [
        weed, "server", f"-dir={work / 'seaweedfs'}", f"-ip={ip('s3')}", f"-ip.bind={ip('s3')}", "-s3",
        "-s3.port=8333", f"-s3.config={config}", "-s3.port.iceberg=0", "-s3.port.lance=0",
        "-master.volumeSizeLimitMB=64", "-volume.max=32", "-metricsPort=0",
    ], env=dict(os.environ)))  # fmt: skip

    def writable() -> bool:
        try:
            client = s3_client()
            if not any(b["Name"] == BUCKET for b in client.list_buckets().get("Buckets", [])):
                client.create_bucket(Bucket=BUCKET)
            client.put_object(Bucket=BUCKET, Key="probe", Body=b"1")
            client.delete_object(Bucket=BUCKET, Key="probe")
        except Exception:  # noqa: BLE001 — anything means "not yet"
            return False
        return True

    wait_for("SeaweedFS", writable)


def s3_client():
    import boto3
    from botocore.config import Config

    return boto3.client("s3", endpoint_url=f"http://{ip('s3')}:8333", aws_access_key_id=S3_ACCESS,
                        aws_secret_access_key=S3_SECRET, region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"))  # fmt: skip


def haproxy_config(work: Path) -> Path:
    """deploy/haproxy.cfg itself, with the hosts' addresses in place of Docker's names and its resolver."""
    config = (ROOT / "deploy" / "haproxy.cfg").read_text(encoding="utf-8")
    config = config.replace("    bind :8080", f"    bind {ip('lb')}:8080")
    config = re.sub(r"resolvers docker\n(    .*\n)+", "", config)
    config = config.replace(" resolvers docker", "")
    config = config.replace("server web-1 web-1:8000", f"server web-1 {ip('web1')}:8000")
    config = config.replace("server web-2 web-2:8000", f"server web-2 {ip('web2')}:8000")
    path = work / "haproxy.cfg"
    path.write_text(config, encoding="utf-8")
    return path


def wait_for(what: str, ready, seconds: float = START_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not start within {seconds:.0f} s")


# -- the application --------------------------------------------------------------------------------------------------


def app_environment(node_dir: Path, role: str = OWNER) -> dict[str, str]:
    """A node's settings: everything shared is on another host; its own folder must stay empty of files. `role`:
    the web nodes connect as WEB_ROLE, the workers and the scheduler as the owner (compose's DATABASE_URLs)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIENTHONG_", "DATABASE_URL", "PG", "DJANGO_"))}
    env.update(
        PYTHONUNBUFFERED="1", LIENTHONG_DATA_DIR=str(node_dir), LIENTHONG_SECRET_KEY=SECRET_KEY,
        # through PgBouncer, as deploy/compose.yaml: transaction pooling, the primary's pool and the replica's
        DATABASE_URL=f"postgres://{role}@{ip('pgbouncer')}:6432/lienthong",
        DATABASE_REPLICA_URL=f"postgres://{role}@{ip('pgbouncer')}:6432/lienthong_replica",
        LIENTHONG_DB_DISABLE_SERVER_SIDE_CURSORS="true", LIENTHONG_DB_CONN_MAX_AGE="0",
        LIENTHONG_REPLICA_CHECK_SECONDS="2",
        LIENTHONG_CACHE_URL=f"redis://{ip('redis')}:6379/0", LIENTHONG_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        LIENTHONG_S3_BUCKET=BUCKET, LIENTHONG_S3_ENDPOINT_URL=f"http://{ip('s3')}:8333",
        LIENTHONG_S3_ACCESS_KEY=S3_ACCESS, LIENTHONG_S3_SECRET_KEY=S3_SECRET,
        LIENTHONG_ALLOWED_HOSTS=HOST_NAME, LIENTHONG_LOG_FORMAT="json", LIENTHONG_SCHEDULER_LOCK="redis",
        LIENTHONG_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",  # no SMTP server on these hosts
    )  # fmt: skip
    return env


def direct_environment(node_dir: Path) -> dict[str, str]:
    """The migrations' and this script's own: straight to the primary, as compose's `migrate`."""
    env = app_environment(node_dir, NODE_ROLES["migrate"])
    env.pop("DATABASE_REPLICA_URL")
    return env | {"DATABASE_URL": f"postgres://{NODE_ROLES['migrate']}@{ip('db')}:5432/lienthong",
                  "LIENTHONG_DB_DISABLE_SERVER_SIDE_CURSORS": "false"}  # fmt: skip


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def application_start(programs: Programs, work: Path) -> None:
    for node in ("web1", "web2"):
        env = app_environment(work / node, NODE_ROLES[node]) | {
            "PROMETHEUS_MULTIPROC_DIR": str(work / node / "prometheus")
        }
        programs.start(Program(node, node, python(
            "-m", "gunicorn", "lienthong.wsgi:application", "--bind", f"{ip(node)}:8000", "--workers", "2",
            "--worker-class", "gthread", "--threads", "4", "--config", "python:lienthong.ops.gunicorn_config",
            "--logger-class", "lienthong.core.logredact.GunicornLogger",
        ), env))  # fmt: skip
    for node in ("worker1", "worker2"):
        programs.start(Program(node, node, python("-m", "lienthong", "db_worker", "--queue-name", "*", "--no-reload"),
                               app_environment(work / node, NODE_ROLES[node])))  # fmt: skip
    programs.start(Program("scheduler", "scheduler", python("-m", "lienthong", "scheduler", "--tick", "2"),
                           app_environment(work / "scheduler", NODE_ROLES["scheduler"])))  # fmt: skip
    programs.start(Program("haproxy", "lb", ["haproxy", "-f", str(haproxy_config(work))],
                           dict(os.environ) | {"LIENTHONG_HOST_NAME": HOST_NAME}))  # fmt: skip


# -- the load ---------------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str  # "desk" or "api"
    status: int  # the last HTTP status, 0 for a broken connection
    seconds: float
    dossier: str = ""  # the desk's dossier id, or the API's code
    attempts: int = 1
    external_id: str = ""
    detail: str = ""  # the answer's start, when it is not a dossier


@dataclass
class Load:
    base: str
    given: dict
    pdf: bytes
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    reports: list[tuple[bool, int]] = field(default_factory=list)  # (the replica was up, the page's last status)
    replica_up: bool = True
    replica_scans: int = 0  # scans of the reports' tables the replica served before it was killed

    def headers(self) -> dict[str, str]:
        return {"Host": HOST_NAME}

    def desk_session(self, username: str = ""):
        import requests

        session = requests.Session()
        session.headers.update(self.headers())
        page = session.get(f"{self.base}/backoffice/login/", timeout=30)
        page.raise_for_status()
        answer = session.post(f"{self.base}/backoffice/login/", allow_redirects=False, timeout=30, data={
            "username": username or self.given["officer"], "password": self.given["password"],
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        })  # fmt: skip
        if answer.status_code != 302:
            raise RuntimeError(f"sign-in answered {answer.status_code}")
        return session

    def desk_receipt(self, session, number: int) -> Outcome:
        """A desk officer receives a paper dossier with one scan. Not retried: after a broken answer the officer
        looks the dossier up before typing it again (the outcome is unknown, counted apart)."""
        data = {
            "channel": "counter", "applicant_kind": "citizen", "applicant_name": "Nguyễn Thị Hoa",
            "applicant_id_number": "075190001234", "applicant_phone": "0912345678",
            "applicant_address": "Phường Trấn Biên, Đồng Nai", "result_delivery": "at_desk", "summary": "",
            "form__ho_ten": "Nguyễn Thị Hoa", "form__ngay_sinh": "1990-05-17",
            f"doc_{self.given['document_id']}": "on", "csrfmiddlewaretoken": session.cookies["csrftoken"],
        }  # fmt: skip
        scan = {f"scan_{self.given['document_id']}": (f"to-khai-{number}.pdf", self.pdf, "application/pdf")}
        url = f"{self.base}/backoffice/intake/{self.given['agency_id']}/{self.given['version_id']}/"
        started = time.monotonic()
        try:
            answer = session.post(url, data=data, files=scan, allow_redirects=False, timeout=60)
        except OSError:
            return Outcome("desk", 0, time.monotonic() - started)
        found = re.search(r"/(\d+)/?$", answer.headers.get("Location", "")) if answer.status_code == 302 else None
        return Outcome("desk", answer.status_code, time.monotonic() - started, found[1] if found else "")

    def api_create(self, number: int) -> Outcome:
        """A connected system sends a dossier; after a broken connection, a 5xx or the 409 of its key still in flight
        it sends it again with the same Idempotency-Key, as the API's contract asks (docs/integration.md)."""
        import requests

        external_id, key = f"MH-{number}", uuid.uuid4().hex
        body = {
            "external_id": external_id, "procedure": self.given["procedure"],
            "applicant": {"name": "Trần Văn An", "id_number": "075190005678", "phone": "0987654321"},
            "form_data": {"ho_ten": "Trần Văn An", "ngay_sinh": "1988-02-01"},
        }  # fmt: skip
        headers = self.headers() | {"Authorization": f"Bearer {self.given['token']}", "Idempotency-Key": key}
        started, status, detail = time.monotonic(), 0, ""
        for attempt in range(1, API_ATTEMPTS + 1):
            try:
                answer = requests.post(f"{self.base}/api/v1/systems/dossiers", json=body, headers=headers, timeout=60)
            except OSError:
                status, detail = 0, ""
            else:
                status, detail = answer.status_code, answer.text[:300]
                if status in (200, 201):
                    return Outcome("api", status, time.monotonic() - started, answer.json()["code"], attempt,
                                   external_id)  # fmt: skip
                if status < 500 and IN_FLIGHT not in detail:
                    break  # another 4xx would fail again
            time.sleep(min(2.0, 0.2 * attempt))
        return Outcome("api", status, time.monotonic() - started, "", attempt, external_id, detail)

    def reports_read(self, stop: threading.Event) -> None:
        """The ward's monitor keeps the leaders' dashboard open through the run, reloading it; a page that fails
        (its node killed under it) is reloaded up to 3 times, as a person would."""
        session = _retrying(lambda: self.desk_session(self.given["monitor"]))
        while not stop.is_set():
            replica_up, status = self.replica_up, 0
            for _ in range(3):
                try:
                    status = session.get(f"{self.base}{REPORT}", allow_redirects=False, timeout=60).status_code
                except OSError:
                    status = 0
                if status == 200:
                    break
                time.sleep(0.5)
            with self.lock:
                self.reports.append((replica_up, status))  # as it was when the page was asked for
            stop.wait(0.5)

    def reports_after_the_kill(self) -> int:
        with self.lock:
            return sum(1 for replica_up, _ in self.reports if not replica_up)

    def record(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def load_run(load: Load, *, requests_total: int, clients: int, on_progress) -> float:
    """Half desk receipts, half API creates, from `clients` threads; `on_progress(done)` after each."""
    sessions = threading.local()
    done = iter(range(requests_total))
    counter = {"done": 0}
    guard = threading.Lock()

    def client() -> None:
        while True:
            with guard:
                number = next(done, None)
            if number is None:
                return
            if number % 2 == 0:
                if getattr(sessions, "desk", None) is None:
                    sessions.desk = _retrying(load.desk_session)
                outcome = load.desk_receipt(sessions.desk, number)
            else:
                outcome = load.api_create(number)
            load.record(outcome)
            with guard:
                counter["done"] += 1
                current = counter["done"]
            on_progress(current)

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    return time.monotonic() - started


def _retrying(action, attempts: int = 10):
    for attempt in range(attempts):
        try:
            return action()
        except Exception:  # noqa: BLE001 — a node being killed: try again through HAProxy
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)
    return None


def a_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


# -- the checks -------------------------------------------------------------------------------------------------------


def drained(seconds: float) -> float | None:
    """Seconds until every outbox message is delivered (or dead) and no task waits; None if not within `seconds`."""
    from django.db import connection

    from lienthong.dossiers.models import OutboxMessage

    started = time.monotonic()
    while time.monotonic() - started < seconds:
        connection.close()
        if not OutboxMessage.objects.filter(delivered_at=None, dead_at=None).exists():
            return time.monotonic() - started
        time.sleep(1)
    return None


def checks(load: Load, work: Path, drain_seconds: float | None) -> dict:
    from django.db.models import Count, Sum

    from lienthong.dossiers.models import Attachment, Dossier, OutboxMessage
    from lienthong.gateway.models import SystemDossier
    from lienthong.reports.models import DailyFigure, DossierFact

    desk = [o for o in load.outcomes if o.kind == "desk"]
    api = [o for o in load.outcomes if o.kind == "api"]
    acknowledged_desk = {int(o.dossier) for o in desk if o.dossier}
    unknown_desk = [o for o in desk if not o.dossier]
    api_codes = {o.dossier for o in api if o.dossier}
    # A request whose first attempt died with its node held its key's claim in its own transaction
    # (gateway/services/idempotency.py), which PostgreSQL ended with the connection: its retry is worked at once.
    # One still answered 409 "in flight" after all the client's attempts is counted apart, and is a failure.
    in_flight = {o.external_id for o in api if not o.dossier and IN_FLIGHT in o.detail}
    dossiers = Dossier.objects.count()
    existing_ids = set(Dossier.objects.filter(pk__in=acknowledged_desk).values_list("pk", flat=True))
    existing_codes = set(Dossier.objects.filter(code__in=api_codes).values_list("code", flat=True))
    duplicates = list(Dossier.objects.values("code").annotate(n=Count("id")).filter(n__gt=1).values_list("code", "n"))
    # a system's dossier is one row per external id (a unique constraint); more rows than acknowledged requests
    # would be a request applied again under a new id
    api_rows = SystemDossier.objects.filter(external_id__startswith="MH-").count()
    # the reports' additive daily figures, kept from the dossier events by the outbox's subscribers: an event
    # delivered twice would count its dossier twice
    figures = DailyFigure.objects.aggregate(received=Sum("received"), submitted=Sum("submitted"))
    expected = {"received": Dossier.objects.exclude(received_at=None).count(),
                "submitted": Dossier.objects.exclude(submitted_at=None).count()}  # fmt: skip
    counted_twice = sum(abs((figures[name] or 0) - expected[name]) for name in expected)
    facts = DossierFact.objects.count()
    undelivered = OutboxMessage.objects.filter(delivered_at=None, dead_at=None).count()
    dead = OutboxMessage.objects.exclude(dead_at=None).count()
    names = set(Attachment.objects.values_list("file", flat=True))
    client = s3_client()
    in_bucket = {item["Key"] for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
                 for item in page.get("Contents", [])}  # fmt: skip
    media = [work / node / "media" for node in ("web1", "web2", "worker1", "worker2", "scheduler")]
    on_disk = [path for folder in media if folder.exists() for path in folder.rglob("*") if path.is_file()]
    return {
        "dossiers": dossiers,
        "desk_acknowledged": len(acknowledged_desk),
        "desk_unknown_outcome": len(unknown_desk),
        "api_acknowledged": len(api_codes),
        "api_failed": sum(1 for o in api if not o.dossier and o.external_id not in in_flight),
        "api_deferred_in_flight": len(in_flight),
        "api_deferred_but_applied": SystemDossier.objects.filter(external_id__in=in_flight).count(),
        "failed_answers": sorted({f"{o.kind} {o.status} {o.detail}".strip() for o in load.outcomes if not o.dossier}),
        "api_retried": sum(1 for o in api if o.attempts > 1),
        "lost": len(acknowledged_desk - existing_ids) + len(api_codes - existing_codes),
        "extra_beyond_unknown": dossiers - len(acknowledged_desk) - len(api_codes) - len(unknown_desk),
        "duplicate_codes": len(duplicates),
        "applied_twice": max(0, api_rows - len(api_codes)) + counted_twice + abs(facts - dossiers),
        "reports_figures": {name: figures[name] or 0 for name in expected},
        "reports_facts": facts,
        "outbox_undelivered": undelivered,
        "outbox_dead": dead,
        "drain_seconds": None if drain_seconds is None else round(drain_seconds, 1),
        "attachments": len(names),
        "files_missing_from_bucket": len(names - in_bucket),
        "files_on_node_disks": len(on_disk),
        **reports_checks(load, work),
    }


def reports_checks(load: Load, work: Path) -> dict:
    """The dashboard's pages while the replica was up and once it was killed, and where they read."""
    up = [status for replica_up, status in load.reports if replica_up]
    down = [status for replica_up, status in load.reports if not replica_up]
    logs = [(work / "logs" / f"{node}.log").read_text(errors="replace") for node in ("web1", "web2")]
    fell_back = ("reports read from the primary", "the replica failed during a report")
    return {
        "reports_pages_replica_up": len(up),
        "reports_pages_replica_down": len(down),
        "reports_failed": sum(1 for status in up + down if status != 200),
        "reports_read_on_replica": load.replica_scans,
        "reports_fell_back_on_nodes": sum(1 for text in logs if any(line in text for line in fell_back)),
    }


def failures(report: dict) -> list[str]:
    zero = ("lost", "duplicate_codes", "applied_twice", "outbox_undelivered", "outbox_dead",
            "files_missing_from_bucket", "files_on_node_disks", "api_failed", "api_deferred_but_applied",
            "reports_failed")  # fmt: skip
    wrong = [f"{key} = {report[key]}" for key in zero if report.get(key)]
    if not report.get("reports_read_on_replica"):
        wrong.append("no report read from the replica while it was up")
    if not report.get("reports_pages_replica_down") or not report.get("reports_fell_back_on_nodes"):
        wrong.append("no report read from the primary once the replica was killed")
    if report["extra_beyond_unknown"] > 0:
        wrong.append(f"{report['extra_beyond_unknown']} dossiers nobody asked for")
    if report["api_deferred_in_flight"]:
        wrong.append(f"{report['api_deferred_in_flight']} API requests still deferred as in flight after the kill")
    if report["drain_seconds"] is None:
        wrong.append("the outbox did not drain")
    if report["attachments"] < report["desk_acknowledged"]:
        wrong.append("an acknowledged receipt has no scan")
    if report.get("audit_verify") != 0:
        wrong.append("lienthong audit verify failed")
    if pooler := report.get("pooler"):
        if pooler["answer_during_outage"] != 503:
            wrong.append(f"a request while PgBouncer was down answered {pooler['answer_during_outage']}, not 503")
        if pooler["not_ready_seconds"] is None:
            wrong.append("the web nodes' /readyz did not report PgBouncer's death")
        if pooler["ready_again_seconds"] is None:
            wrong.append("the web nodes were not ready again once PgBouncer was back")
        if pooler["requests_after_failed"]:
            wrong.append(f"{pooler['requests_after_failed']} requests failed after PgBouncer came back")
        if pooler["workers_exited"]:
            wrong.append(f"workers exited during PgBouncer's outage: {pooler['workers_exited']}")
    return wrong


def latency(outcomes: list[Outcome], kind: str) -> dict:
    times = sorted(o.seconds * 1000 for o in outcomes if o.kind == kind and o.dossier)
    if len(times) < 2:
        return {}
    cuts = statistics.quantiles(times, n=100)
    return {"n": len(times), "p50_ms": round(cuts[49]), "p95_ms": round(cuts[94]), "max_ms": round(times[-1])}


# -- the run ----------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="desk receipts + API creates (half each)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--kill-at", type=float, default=0.3, help="share of the load done when the kill comes")
    parser.add_argument("--down-seconds", type=float, default=3.0, help="how long the killed hosts stay down")
    parser.add_argument("--replica-kill-at", type=float, default=0.65, help="share of the load done when the "
                        "replica is killed (for good: the reports go on from the primary)")  # fmt: skip
    parser.add_argument("--pooler-down-seconds", type=float, default=3.0, help="after the load, PgBouncer is killed "
                        "this long, then restarted (0: not killed)")  # fmt: skip
    parser.add_argument("--json", type=Path, help="write the report here too")
    parser.add_argument("--keep", action="store_true", help="keep the logs' folder (printed) after the run")
    options = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("run as root: network namespaces need it", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="lienthong-multihost-"))
    work.chmod(0o755)  # PostgreSQL's user reaches its folder inside
    logs = work / "logs"
    logs.mkdir()
    network, programs = Network(), Programs(logs)
    report: dict = {}
    started = time.monotonic()
    try:
        log(f"hosts on a bridge ({work})")
        network.up()
        redis = ["redis-server", "--bind", ip("redis"), "--port", "6379", "--save", "", "--appendonly", "no",
                 "--protected-mode", "no"]  # fmt: skip
        programs.start(Program("redis", "redis", redis, dict(os.environ)))
        postgres_start(programs, work)
        replica_start(programs, work)
        pgbouncer_start(programs, work)
        seaweed_start(programs, work)
        environment = direct_environment(work / "setup")
        log("migrations")
        migrated = subprocess.run(python("-m", "lienthong", "migrate", "--noinput"), env=environment, cwd=ROOT,  # noqa: S603
                                  capture_output=True, text=True, check=False)  # fmt: skip
        if migrated.returncode != 0:
            raise RuntimeError(migrated.stdout[-2000:] + migrated.stderr[-2000:])
        os.environ.clear()
        os.environ.update(environment | {"DJANGO_SETTINGS_MODULE": "lienthong.settings"})
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import django

        django.setup()
        from province import province_create

        given = province_create()
        application_start(programs, work)
        load = Load(base=f"http://{ip('lb')}:8080", given=given, pdf=a_pdf())
        import requests

        wait_for("the web nodes behind HAProxy", lambda: _both_ready(requests, load.base))
        report["start_seconds"] = round(time.monotonic() - started, 1)

        kill_after = max(1, int(options.requests * options.kill_at))
        replica_kill_after = max(kill_after + 1, int(options.requests * options.replica_kill_at))
        killed, replica_killed = threading.Event(), threading.Event()

        def on_progress(done: int) -> None:
            if done >= kill_after and not killed.is_set():
                killed.set()
                threading.Thread(target=_kill_and_restart, args=(programs, options.down_seconds), daemon=True).start()
            if done >= replica_kill_after and not replica_killed.is_set():
                replica_killed.set()
                threading.Thread(target=_kill_the_replica, args=(programs, load), daemon=True).start()

        log(f"load: {options.requests} requests from {options.clients} clients and the dashboard read; web1 and "
            f"worker1 killed after {kill_after}, the replica after {replica_kill_after}")  # fmt: skip
        stop_reading = threading.Event()
        reader = threading.Thread(target=load.reports_read, args=(stop_reading,), daemon=True)
        reader.start()
        try:
            report["load_seconds"] = round(load_run(load, requests_total=options.requests, clients=options.clients,
                                                    on_progress=on_progress), 1)  # fmt: skip
            if not replica_killed.wait(30):
                raise RuntimeError("the replica was not killed")
            # two pages asked for once the replica was gone (a page takes seconds on a loaded machine)
            wait_for("two dashboard pages after the replica's kill", lambda: load.reports_after_the_kill() >= 2, 120)
        finally:
            stop_reading.set()
            reader.join(90)
        if options.pooler_down_seconds > 0:
            report["pooler"] = pooler_outage(programs, load, options.pooler_down_seconds, first=options.requests)
        drain = drained(120)
        report["clients"] = options.clients
        report.update(checks(load, work, drain))
        report["latency"] = {"desk": latency(load.outcomes, "desk"), "api": latency(load.outcomes, "api")}
        verify = subprocess.run(python("-m", "lienthong", "audit", "verify"), env=environment, cwd=ROOT,  # noqa: S603
                                capture_output=True, text=True, check=False)  # fmt: skip
        report["audit_verify"] = verify.returncode
        report["audit_verify_output"] = (verify.stdout + verify.stderr).strip()[-300:]
    except BaseException as exc:
        report["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        log("tearing down")
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        programs.stop_all()
        network.down()
        report["total_seconds"] = round(time.monotonic() - started, 1)
        with contextlib.suppress(OSError):
            report["load_average"] = [round(x, 2) for x in os.getloadavg()]
        if options.json:
            options.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        if options.keep or "error" in report:
            log(f"logs kept in {logs}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    wrong = failures(report)
    for line in wrong:
        log(f"FAILED: {line}")
    return 1 if wrong else 0


def _both_ready(requests, base: str) -> bool:
    """Both web nodes answer /readyz directly, and HAProxy answers /healthz."""
    try:
        for node in ("web1", "web2"):
            if (
                requests.get(f"http://{ip(node)}:8000/readyz", headers={"Host": HOST_NAME}, timeout=2).status_code
                != 200
            ):
                return False
        return requests.get(f"{base}/healthz", headers={"Host": HOST_NAME}, timeout=2).status_code == 200
    except OSError:
        return False


def _kill_and_restart(programs: Programs, down_seconds: float) -> None:
    log("kill -9: web1 and worker1, every process of each")
    programs.kill("web1")
    programs.kill("worker1")
    time.sleep(down_seconds)
    log("restart: web1 and worker1")
    programs.restart("web1")
    programs.restart("worker1")


def readiness(requests, node: str) -> tuple[int, str]:
    """A web node's /readyz, asked directly: its status and what it says of the database."""
    try:
        answer = requests.get(f"http://{ip(node)}:8000/readyz", headers={"Host": HOST_NAME}, timeout=5)
    except OSError:
        return 0, ""
    return answer.status_code, answer.json().get("checks", {}).get("database", "")


def pooler_outage(programs: Programs, load: Load, down_seconds: float, *, first: int) -> dict:
    """PgBouncer — the one way the nodes reach PostgreSQL — killed with SIGKILL, then restarted. While it is down a
    request through HAProxy is answered 503 (a node's own, or HAProxy's once it has taken both out), never 500, and
    both web nodes' /readyz turn 503 naming the database unreachable; once it is back both are ready again, a desk
    receipt and an API create succeed (recorded with the load's, so every check covers them), and the workers, which
    met the outage too, are still running (the outbox drains only if they are)."""
    import requests

    log("kill -9: PgBouncer")
    programs.kill("pgbouncer")
    killed = time.monotonic()
    headers = load.headers() | {"Authorization": f"Bearer {load.given['token']}", "Idempotency-Key": uuid.uuid4().hex}
    try:
        during = requests.post(f"{load.base}/api/v1/systems/dossiers", json={}, headers=headers, timeout=30).status_code
    except OSError:
        during = 0
    nodes = ("web1", "web2")
    result: dict = {"answer_during_outage": during, "not_ready_seconds": None, "ready_again_seconds": None}
    with contextlib.suppress(RuntimeError):
        wait_for("both web nodes not ready", lambda: all(readiness(requests, n) == (503, "unreachable") for n in nodes),
                 60)  # fmt: skip
        result["not_ready_seconds"] = round(time.monotonic() - killed, 1)
    time.sleep(max(0.0, down_seconds - (time.monotonic() - killed)))
    log("restart: PgBouncer")
    programs.restart("pgbouncer")
    restarted = time.monotonic()
    with contextlib.suppress(RuntimeError):
        wait_for("both web nodes ready", lambda: all(readiness(requests, n) == (200, "ok") for n in nodes), 60)
        result["ready_again_seconds"] = round(time.monotonic() - restarted, 1)
        wait_for("HAProxy sending requests again", lambda: _both_ready(requests, load.base), 60)
    after = [load.desk_receipt(_retrying(load.desk_session), first), load.api_create(first + 1)]
    for outcome in after:
        load.record(outcome)
    result["requests_after"] = len(after)
    result["requests_after_failed"] = sum(1 for outcome in after if not outcome.dossier)
    result["workers_exited"] = [
        name for name in ("worker1", "worker2") if programs.started[name].process.poll() is not None
    ]
    return result


def _kill_the_replica(programs: Programs, load: Load) -> None:
    # not before a page was read with the replica up (on a quiet machine the load can outrun the first page)
    wait_for("a dashboard page with the replica up", lambda: len(load.reports) > 0, 120)
    scans = run("psql", "-h", ip("replica"), "-U", OWNER, "-d", "lienthong", "-Atc",
                "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables"
                " WHERE relname LIKE 'reports\\_%'", check=False)  # fmt: skip
    load.replica_scans = int(scans.stdout.strip() or 0) if scans.returncode == 0 else 0
    log(f"kill -9: the replica (it served {load.replica_scans} scans of the reports' tables)")
    load.replica_up = False
    programs.kill("replica")


if __name__ == "__main__":
    sys.exit(main())
