"""Dossiers received per second under 1, 8 and 64 concurrent clients, beside two baselines on the same server in
the same run: a bare view and a view doing one insert transaction (DESIGN.md, performance budgets).

.venv/bin/python bench/receive.py --seconds 8                  # a temporary SQLite file
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt_bench_recv .venv/bin/python bench/receive.py --seconds 8
                                                                # a fresh test_lt_bench_recv database, dropped after

For each client count it starts gunicorn (production WSGI entry point and middleware, the urlconf of
bench/receive_app.py) on a free loopback port with `--workers 2 --worker-class gthread --threads ceil(clients/2)`:
one process per core, and a thread for every client, so no client ever waits for a server thread and every
thread keeps its own database connection. Each endpoint gets a one-second warm-up, then `--seconds` of load from
as many client threads, each on one keep-alive http.client connection sending the next request as soon as the
last is answered; the three endpoints take their seconds in `--rounds` alternating slices, so that other work
on a shared machine weighs on all three alike. `--desks N` spreads the receipts over N desks (codes are counted
per desk and day) to separate the one-desk queue from the cost of a receipt; `--threads` overrides the server's
threads per worker. At the end it checks the database: one dossier, one event and one outbox row per subscriber of
receipts for each successful receipt, the codes those responses carried and no other, numbered 1..n per desk and day
without gap or repeat.
"""

import argparse
import http.client
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from receive_fixture import BENCH_DIR, REQUEST, bench_environ, fresh_database, province_setup

ENDPOINTS = [("bare", "GET", "/bare"), ("insert", "POST", "/insert"), ("receive", "POST", "/receive")]
WORKERS = 2  # the machine's cores
WARMUP_SECONDS = 1.0
CLIENT_TIMEOUT = 30  # above SQLite's 20 s busy timeout, so a waiting writer is answered, not abandoned
BODY = json.dumps(REQUEST, ensure_ascii=False).encode()


@dataclass
class Run:
    """One endpoint at one client count."""

    endpoint: str
    clients: int
    seconds: float = 0.0
    ok: int = 0
    errors: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)

    def add(self, other: "Run") -> None:
        self.seconds += other.seconds
        self.ok += other.ok
        self.errors.update(other.errors)
        self.latencies.extend(other.latencies)
        self.codes.extend(other.codes)

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def latency_ms(self, quantile: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per endpoint and client count")
    parser.add_argument("--clients", default="1,8,64", help="comma-separated concurrent client counts")
    parser.add_argument("--rounds", type=int, default=4, help="slices each endpoint's seconds are taken in, in turn")
    parser.add_argument("--desks", type=int, default=1, help="receiving desks the receipts go to in turn")
    parser.add_argument(
        "--threads", type=int, default=0, help="server threads per worker (default: one per client, ceil(clients/2))"
    )
    args = parser.parse_args()
    client_counts = [int(n) for n in args.clients.split(",")]
    # Bounded: every phase ends on its own; this is the backstop should a server or the database hang.
    slices = args.rounds + 1  # each may overrun by one request: at most CLIENT_TIMEOUT
    budget = len(client_counts) * len(ENDPOINTS) * (args.seconds + WARMUP_SECONDS + slices * CLIENT_TIMEOUT) + 300
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(math.ceil(budget))

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="lienthong-bench-") as data_dir:
        bench_environ(data_dir)
        import django

        django.setup()
        from django.db import connection

        vendor = connection.vendor
        results: list[Run] = []
        warmups: list[Run] = []
        with fresh_database() as db_name:
            province_setup(desks=args.desks)
            connection.close()  # the servers write; this process only reads at the end
            server_env = {**os.environ, "LIENTHONG_BENCH_DB_NAME": db_name} if vendor != "sqlite" else {**os.environ}
            for clients in client_counts:
                with Server(clients=clients, threads=args.threads, env=server_env, log_dir=Path(data_dir)) as server:
                    for endpoint, method, url in ENDPOINTS:
                        warmups.append(_load(server.port, endpoint, method, url, clients, WARMUP_SECONDS))
                    # The endpoints take turns in slices, so a neighbour's burst on a shared machine falls on all
                    # three rather than on one of them and the ratios.
                    runs = [Run(endpoint, clients) for endpoint, _, _ in ENDPOINTS]
                    for _ in range(args.rounds):
                        for run, (endpoint, method, url) in zip(runs, ENDPOINTS, strict=True):
                            run.add(_load(server.port, endpoint, method, url, clients, args.seconds / args.rounds))
                    for run in runs:
                        print(_run_line(run), flush=True)
                    results.extend(runs)
            problems = _verify([r for r in results + warmups if r.endpoint == "receive"])
            connection.close()
    signal.alarm(0)
    _report(vendor, results, args.seconds, load=(load_before, os.getloadavg()[0]))
    for problem in problems:
        print(f"VERIFY FAILED: {problem}")
    if not problems:
        print("verified: every successful receipt is one dossier, one event and one outbox row per subscriber; codes")
        print("          distinct and numbered 1..n per desk and day with no gap; the codes answered are exactly those")
        print("          stored")
    return 1 if problems else 0


def _out_of_time(signum, frame):
    raise TimeoutError("bench/receive ran past its time budget")


class Server:
    """gunicorn on a free loopback port for the length of a `with` block; its log goes to the temporary dir."""

    def __init__(self, *, clients: int, threads: int, env: dict[str, str], log_dir: Path,
                 app: str = "lienthong.wsgi:application") -> None:  # fmt: skip
        self.threads = threads or max(1, math.ceil(clients / WORKERS))
        self.env = env
        self.app = app
        self.log_path = log_dir / f"gunicorn-{clients}-{app.split(':')[0]}.log"
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        command = [
            sys.executable, "-m", "gunicorn", self.app,
            "--bind", f"127.0.0.1:{self.port}", "--pythonpath", str(BENCH_DIR),
            "--workers", str(WORKERS), "--worker-class", "gthread", "--threads", str(self.threads),
            "--keep-alive", "10", "--timeout", "120", "--graceful-timeout", "5",
            "--log-level", "warning", "--no-control-socket",
        ]  # fmt: skip
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
            command, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.log_path.read_text()[-3000:]}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/bare")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.log_path.read_text()[-3000:]}")

    def cpu_seconds(self) -> float:
        """The CPU time (user and system) the server's workers have used so far — what a request costs the server
        whatever else the machine runs (Linux /proc; the master's own is left out: it serves no request)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                try:
                    fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
                except FileNotFoundError:  # a worker that has just exited
                    continue
                total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / ticks

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # the master stops its workers gracefully
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the group of the master we started, and only it
                self.process.wait(timeout=5)
        self.log.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _load(port: int, endpoint: str, method: str, url: str, clients: int, seconds: float) -> Run:
    """`clients` threads, one keep-alive connection each, requesting back to back for `seconds`; a request still
    in flight at the deadline is awaited and counted, so the database holds exactly what was answered."""
    run = Run(endpoint, clients)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    clock = {}
    body = BODY if method == "POST" else None
    headers = {"Content-Type": "application/json"} if body else {}

    def client() -> None:
        ok, errors, latencies, codes = 0, Counter(), [], []
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
        start.wait()
        deadline = clock["deadline"]
        while (began := time.perf_counter()) < deadline:
            try:
                connection.request(method, url, body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException) as exc:
                errors[f"transport: {type(exc).__name__}"] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
                continue
            if response.status == 200:
                ok += 1
                latencies.append(time.perf_counter() - began)
                if endpoint == "receive":
                    codes.append(answer.decode())
            else:
                errors[f"{response.status} {answer.decode(errors='replace').splitlines()[0][:90]}"] += 1
        finished = time.perf_counter()
        connection.close()
        with lock:
            run.ok += ok
            run.errors.update(errors)
            run.latencies.extend(latencies)
            run.codes.extend(codes)
            clock["finished"] = max(clock.get("finished", 0.0), finished)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    clock["began"] = time.perf_counter()
    clock["deadline"] = clock["began"] + seconds
    start.wait()
    for thread in threads:
        thread.join(seconds + 2 * CLIENT_TIMEOUT)
        if thread.is_alive():
            raise TimeoutError(f"a client of /{endpoint} did not finish")
    run.seconds = clock["finished"] - clock["began"]
    return run


def _verify(receipts: list[Run]) -> list[str]:
    """Zero lost or duplicated: the database against what the clients were told."""
    from lienthong.core.events import subscriptions_for
    from lienthong.dossiers.constants import EventKind
    from lienthong.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, OutboxMessage

    answered = [code for run in receipts for code in run.codes]
    problems = []
    stored = list(Dossier.objects.values_list("code", flat=True))
    if len(stored) != len(answered):
        problems.append(f"{len(stored)} dossiers stored, {len(answered)} receipts answered 200")
    if len(set(stored)) != len(stored) or None in stored:
        problems.append("duplicate or missing codes among stored dossiers")
    if set(stored) != set(answered) or len(set(answered)) != len(answered):
        problems.append("the codes answered differ from the codes stored")
    numbers: dict[str, list[int]] = {}
    for code in stored:
        prefix, number = code.rsplit("-", 1)
        numbers.setdefault(prefix, []).append(int(number))
    for prefix, seen in numbers.items():
        if sorted(seen) != list(range(1, len(seen) + 1)):
            problems.append(f"{prefix}: codes are not 1..{len(seen)} without gaps")
    last = {f"{c.agency.identifier_code}-{c.day:%y%m%d}": c.last for c in DossierCodeCounter.objects.all()}
    if last != {prefix: len(seen) for prefix, seen in numbers.items()}:
        problems.append(f"counters {last} do not match the codes issued")
    events = DossierEvent.objects.filter(kind=EventKind.RECEIVED).count()
    # One outbox row per receipt for each subscriber of receipts (notify's e-mail, the reports' read model).
    outbox, topics = OutboxMessage.objects.count(), len(subscriptions_for(EventKind.RECEIVED))
    if not (events == len(stored) and outbox == events * topics):
        problems.append(f"{len(stored)} dossiers, {events} events, {outbox} outbox rows ({topics} subscribers)")
    print(f"database: {len(stored)} dossiers, {events} events, {outbox} outbox rows ({topics} subscribers) for "
          f"{len(answered)} receipts")  # fmt: skip
    return problems


def _run_line(run: Run) -> str:
    errors = sum(run.errors.values())
    line = (
        f"{run.clients:>3} clients  /{run.endpoint:<8} {run.rate:8.1f} req/s  ({run.ok} in {run.seconds:.1f} s, "
        f"p50 {run.latency_ms(0.5):.1f} ms, p99 {run.latency_ms(0.99):.1f} ms, {errors} errors)"
    )
    for reason, count in run.errors.most_common(3):
        line += f"\n      {count} × {reason}"
    return line


def _report(vendor: str, results: list[Run], seconds: float, load: tuple[float, float]) -> None:
    engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)
    print(f"\n{engine}, {seconds:g} s per endpoint, {os.cpu_count()} cores, gunicorn {WORKERS} workers (gthread)")
    print(
        f"load average (1 min) before the run {load[0]:.1f}, after {load[1]:.1f}: other work on the machine shows here"
    )
    print(
        "clients | bare req/s | insert req/s | receive/s | receive p99 ms | receive ÷ insert | receive ÷ bare | errors"
    )
    by_key = {(r.clients, r.endpoint): r for r in results}
    for clients in sorted({r.clients for r in results}):
        bare, insert, receive = (by_key[(clients, name)] for name, _, _ in ENDPOINTS)
        errors = sum(sum(r.errors.values()) for r in (bare, insert, receive))
        print(
            f"{clients:>7} | {bare.rate:10.0f} | {insert.rate:12.0f} | {receive.rate:9.0f} | "
            f"{receive.latency_ms(0.99):14.1f} | {receive.rate / insert.rate if insert.rate else 0:16.2f} | "
            f"{receive.rate / bare.rate if bare.rate else 0:14.2f} | {errors}"
        )


if __name__ == "__main__":
    sys.exit(main())
