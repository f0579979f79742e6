"""Bulk updates per second from one connected system through the API (POST /api/v1/systems/dossiers/bulk), beside a
baseline on the same server in the same run: a view that parses the same body and inserts one row per item in one
transaction (issue 5, item 8: aim at least 5,000 updates per second on PostgreSQL).

DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt_bench_sync .venv/bin/python bench/sync.py --seconds 6
                                                              # a fresh test_lt_bench_sync database, dropped after
.venv/bin/python bench/sync.py --seconds 6                    # a temporary SQLite file

The server is bench/receive.py's: gunicorn with the production WSGI entry point and middleware on a free loopback
port, `--workers 2 --worker-class gthread --threads ceil(clients/2)`, the project's urlconf plus the baselines
(bench/sync_app.py), no per-key rate limit (bench/sync_settings.py). The load is the system's software: each client
thread is the reference client (clients/python, urllib) with the system's key, sending batches of `--batch` items
back to back. Three kinds of batch take turns in `--rounds` slices, so that other work on the shared machine
weighs on all alike:

- create: new external ids, each with the history [receive] — a dossier created and received per item;
- update: ids created earlier, with the history [receive, forward] — one new action applied per item, the
  steady state of a system that reports progress in bulk; each dossier is forwarded once, so a slice that has
  forwarded every dossier created so far ends early (`--seed N` creates N more before the server starts);
- insert: the baseline, the same create body to /insert-batch.

At the end it checks the database: one dossier per created item, a forwarded event per updated item.

Beside each rate, the server's CPU per item: the CPU seconds its workers used over the phase's slices (Linux /proc),
divided by the items — what an item costs the server whatever else the machine runs. `--gc both` starts a second
server beside the first, the same application without `lienthong.wsgi`'s `gc.freeze()` (bench/wsgi_unfrozen.py),
and the slices take turns between the two, so that both see the same machine.
"""

import argparse
import collections
import contextlib
import itertools
import json
import math
import os
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from receive import WARMUP_SECONDS, WORKERS, Server
from receive_fixture import AGENCY_CODE, BENCH_DIR, PROCEDURE_CODE, REQUEST, bench_environ, fresh_database

sys.path.insert(0, str(BENCH_DIR.parent / "clients" / "python"))
from lienthong_client import Client, ProblemError, RetryPolicy  # noqa: E402

SETTINGS_MODULE = "sync_settings"
AIM = 5000  # updates per second (issue 5, item 8)
PHASES = ("create", "update", "insert")
CLIENT_TIMEOUT = 120
EXPECTED = {"create": "created", "update": "updated", "insert": "created"}
# The servers `--gc` chooses between: the production entry point, and the same without its gc.freeze().
VARIANTS = {"frozen": "lienthong.wsgi:application", "unfrozen": "wsgi_unfrozen:application"}


@dataclass
class Run:
    phase: str
    clients: int
    seconds: float = 0.0
    items: int = 0
    batches: int = 0
    errors: collections.Counter = field(default_factory=collections.Counter)
    latencies: list[float] = field(default_factory=list)
    cpu: float = 0.0  # the server's workers' CPU seconds over the run
    variant: str = "frozen"

    @property
    def cpu_ms_per_item(self) -> float:
        return 1000 * self.cpu / self.items if self.items else float("nan")

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0

    def latency_ms(self, quantile: float) -> float:
        ordered = sorted(self.latencies) or [float("nan")]
        return 1000 * ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


class Ids:
    """External ids: fresh ones for creates, and those created (and received) waiting for their update."""

    def __init__(self) -> None:
        self.counter = itertools.count()
        self.created: collections.deque[str] = collections.deque()
        self.lock = threading.Lock()

    def fresh(self, n: int) -> list[str]:
        with self.lock:
            return [f"S-{next(self.counter)}" for _ in range(n)]

    def to_update(self, n: int) -> list[str]:
        with self.lock:
            if len(self.created) < n:
                return []
            return [self.created.popleft() for _ in range(n)]


def _item(external_id: str, actions: list[str]) -> dict:
    return {"external_id": external_id, "procedure": PROCEDURE_CODE, "applicant": REQUEST["applicant"],
            "form_data": REQUEST["form"], "actions": [{"action": a} for a in actions]}  # fmt: skip


def sync_setup() -> str:
    """The bench's province (bench/receive_fixture.py), two steps at the ward's desk so a dossier can be received
    and forwarded, and a connected one-stop system there; returns its key (every scope)."""
    from lienthong.catalogue.models import ProcedureVersion, ProcessStep
    from lienthong.gateway.constants import Scope, SystemKind
    from lienthong.gateway.services.credentials import key_create, system_create
    from lienthong.org.constants import Level, Role
    from lienthong.org.models import Agency
    from receive_fixture import province_setup

    province_setup()
    desk = Agency.objects.get(identifier_code=AGENCY_CODE)
    version = ProcedureVersion.objects.get(procedure__national_code=PROCEDURE_CODE, is_current=True)
    for position, name, role, actions in [(1, "Tiếp nhận", Role.RECEIVER, ["receive"]),
                                          (2, "Xử lý", Role.SPECIALIST, ["process", "approve"])]:  # fmt: skip
        ProcessStep.objects.create(version=version, position=position, name=name, level=Level.COMMUNE, agency=desk,
                                   role=role, actions=actions, quota_hours=Decimal(8))  # fmt: skip
    system = system_create(agency=desk, name="Một cửa phường (bench)", kind=SystemKind.ONE_STOP)
    return key_create(system=system, scopes=Scope.values, actor_label="bench").token


def _load(base_url: str, token: str, phase: str, clients: int, seconds: float, batch: int, ids: Ids) -> Run:
    run = Run(phase, clients)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    clock: dict[str, float] = {}

    def client() -> None:
        # No retries: a failed batch is counted, not hidden.
        lt = BenchClient(base_url, token, timeout=CLIENT_TIMEOUT, retry=RetryPolicy(attempts=1))
        local = Run(phase, clients)
        start.wait()
        while time.perf_counter() < clock["deadline"]:
            if phase == "update":
                chosen = ids.to_update(batch)
                if not chosen:  # every created dossier updated: this slice ends early (its time is what it took)
                    break
                items = [_item(i, ["receive", "forward"]) for i in chosen]
            else:
                items = [_item(i, ["receive"]) for i in ids.fresh(batch)]
            began = time.perf_counter()
            try:
                if phase == "insert":
                    outcomes = lt.post_baseline("/insert-batch", {"items": items})
                else:
                    outcomes = lt.bulk_upsert(items)
            except ProblemError as exc:
                local.errors[f"{exc.status} {exc.type}"] += 1
                continue
            except OSError as exc:
                local.errors[f"transport: {type(exc).__name__}"] += 1
                continue
            local.latencies.append(time.perf_counter() - began)
            local.batches += 1
            good = [o for o in outcomes if o["outcome"] == EXPECTED[phase]]
            local.items += len(good)
            for o in outcomes:
                if o["outcome"] != EXPECTED[phase]:
                    local.errors[f"item {o['outcome']}: {(o.get('problem') or {}).get('type', '')}"] += 1
            if phase == "create":
                with ids.lock:
                    ids.created.extend(o["external_id"] for o in good)
        with lock:
            run.items += local.items
            run.batches += local.batches
            run.errors.update(local.errors)
            run.latencies.extend(local.latencies)
            clock["finished"] = max(clock.get("finished", 0.0), time.perf_counter())

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    clock["deadline"] = (began := time.perf_counter()) + seconds
    start.wait()
    for thread in threads:
        thread.join()
    run.seconds = clock.get("finished", time.perf_counter()) - began
    return run


class BenchClient(Client):
    """The reference client with one extra: a POST of the same body to the baseline view (outside /api/v1)."""

    def post_baseline(self, path: str, body: dict) -> list[dict]:
        response = self._send("POST", self.base_url + path, json.dumps(body, ensure_ascii=False).encode(),
                              {"Content-Type": "application/json"})  # fmt: skip
        if response.status != 200:
            raise OSError(f"baseline answered {response.status}: {response.body[:200]!r}")
        return response.json()["items"]


def _line(run: Run) -> str:
    errors = sum(run.errors.values())
    text = (
        f"{run.clients:>2} clients  {run.phase:<7} {run.rate:8.0f} items/s  ({run.items} items in {run.batches} "
        f"batches, {run.seconds:.1f} s; batch p50 {run.latency_ms(0.5):.0f} ms, p99 {run.latency_ms(0.99):.0f} ms; "
        f"server CPU {run.cpu_ms_per_item:.2f} ms/item; {errors} errors)  [{run.variant}]"
    )
    for reason, count in run.errors.most_common(3):
        text += f"\n      {count} × {reason}"
    return text


def _verify(runs: list[Run], *, seeded: int) -> list[str]:
    from lienthong.dossiers.constants import EventKind
    from lienthong.dossiers.models import Dossier, DossierEvent

    created = sum(r.items for r in runs if r.phase == "create") + seeded
    updated = sum(r.items for r in runs if r.phase == "update")
    problems = []
    if (n := Dossier.objects.count()) != created:
        problems.append(f"{n} dossiers for {created} created items")
    if (n := DossierEvent.objects.filter(kind=EventKind.FORWARDED).count()) != updated:
        problems.append(f"{n} forwarded events for {updated} updated items")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="measured seconds per phase and client count")
    parser.add_argument("--clients", default="1,2", help="comma-separated concurrent client counts (one system)")
    parser.add_argument("--batch", type=int, default=100, help="items per bulk call (the API takes up to 500)")
    parser.add_argument("--rounds", type=int, default=3, help="slices each phase's seconds are taken in, in turn")
    parser.add_argument("--gc", choices=list(VARIANTS) + ["both"], default="frozen",
                        help="serve from lienthong.wsgi (frozen), without its gc.freeze() (unfrozen), or both, the "
                             "slices taking turns")  # fmt: skip
    parser.add_argument("--seed", type=int, default=0,
                        help="dossiers created and received before the server starts (in-process, not timed), so "
                             "that update slices do not run out of dossiers to forward")  # fmt: skip
    args = parser.parse_args()
    counts = [int(n) for n in args.clients.split(",")]
    variants = list(VARIANTS) if args.gc == "both" else [args.gc]
    slice_budget = args.seconds + WARMUP_SECONDS + (args.rounds + 1) * CLIENT_TIMEOUT
    budget = len(variants) * len(counts) * len(PHASES) * slice_budget + 300
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(math.ceil(budget))

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="lienthong-bench-") as data_dir:
        bench_environ(data_dir)
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
        import django

        django.setup()
        from django.db import connection

        vendor = connection.vendor
        results: list[Run] = []
        with fresh_database(f"test_{connection.settings_dict['NAME']}_sync") as db_name:
            token = sync_setup()
            ids = Ids()
            _seed(token, ids, args.seed, args.batch)
            connection.close()
            env = {**os.environ, "LIENTHONG_BENCH_DB_NAME": db_name} if vendor != "sqlite" else {**os.environ}
            for clients in counts:
                with contextlib.ExitStack() as stack:
                    servers = {
                        variant: stack.enter_context(Server(clients=clients, threads=0, env=env,
                                                            log_dir=Path(data_dir), app=VARIANTS[variant]))
                        for variant in variants
                    }  # fmt: skip
                    for server in servers.values():  # warm-up: each worker's first calls import, connect
                        url = f"http://127.0.0.1:{server.port}"
                        results.extend(
                            _load(url, token, phase, clients, WARMUP_SECONDS, args.batch, ids) for phase in PHASES
                        )
                    runs = {(v, phase): Run(phase, clients, variant=v) for v in variants for phase in PHASES}
                    for _ in range(args.rounds):
                        for variant, server in servers.items():
                            url = f"http://127.0.0.1:{server.port}"
                            for phase in PHASES:
                                cpu = server.cpu_seconds()
                                part = _load(url, token, phase, clients, args.seconds / args.rounds, args.batch, ids)
                                part.cpu, part.variant = server.cpu_seconds() - cpu, variant
                                results.append(part)
                                _merge(runs[(variant, phase)], part)
                    for run in runs.values():
                        print(_line(run), flush=True)
                        run.phase = f"{run.phase}:measured"
            problems = _verify(results, seeded=args.seed)
            measured = [r for r in results if r.phase.endswith(":measured")]
            connection.close()
    signal.alarm(0)
    _report(vendor, measured, args, load_before, os.getloadavg())
    for problem in problems:
        print(f"VERIFY FAILED: {problem}")
    if not problems:
        print(f"verified: one dossier per created item (and {args.seed} seeded), one forwarded event per updated item")
    return 1 if problems else 0


def _seed(token: str, ids: Ids, count: int, batch: int) -> None:
    """`count` dossiers created and received through the same bulk call, in-process (Django's test client): the
    update phase forwards each dossier once, and a fast update slice would otherwise empty the create slices' pool."""
    from django.test import Client as TestClient

    client = TestClient()
    for start in range(0, count, batch):
        items = [_item(i, ["receive"]) for i in ids.fresh(min(batch, count - start))]
        response = client.post("/api/v1/systems/dossiers/bulk", {"items": items}, content_type="application/json",
                               HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY=f"seed-{start}")  # fmt: skip
        assert response.status_code == 200, response.content[:300]
        ids.created.extend(o["external_id"] for o in response.json()["items"] if o["outcome"] == "created")


def _merge(into: Run, part: Run) -> None:
    into.seconds += part.seconds
    into.cpu += part.cpu
    into.items += part.items
    into.batches += part.batches
    into.errors.update(part.errors)
    into.latencies.extend(part.latencies)


def _report(vendor: str, runs: list[Run], args, load_before, load_after) -> None:
    engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)
    print(f"\n{engine}, batches of {args.batch}, {WORKERS} gunicorn workers, {os.cpu_count()} CPUs; load average "
          f"(1, 5, 15 min) before {_load_text(load_before)}, after {_load_text(load_after)}")  # fmt: skip
    by = {(r.phase.split(":")[0], r.clients, r.variant): r for r in runs}
    for variant, clients in sorted({(r.variant, r.clients) for r in runs}):
        base = by[("insert", clients, variant)].rate or float("nan")
        for phase in ("create", "update"):
            run = by[(phase, clients, variant)]
            verdict = "meets" if run.rate >= AIM else "below"
            print(f"  {clients} clients  {phase:<6} {run.rate:7.0f} items/s = {run.rate / base:6.1%} of the baseline's "
                  f"{base:.0f} rows/s; {verdict} the aim of {AIM}/s; server CPU {run.cpu_ms_per_item:.2f} ms/item "
                  f"(baseline {by[('insert', clients, variant)].cpu_ms_per_item:.3f})  [{variant}]")  # fmt: skip


def _load_text(load: tuple[float, float, float]) -> str:
    return ", ".join(f"{x:.2f}" for x in load)


def _out_of_time(signum, frame):
    raise TimeoutError("bench/sync ran past its time budget")


if __name__ == "__main__":
    sys.exit(main())
