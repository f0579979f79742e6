"""Tracking a dossier by its code under 1, 8 and 64 concurrent clients — the page (/tra-cuu/) and the JSON
(/api/v1/track) — beside a bare view on the same server in the same run (DESIGN.md: within 2× a bare view; the
issue's aim: the page at least 1/3 and the JSON at least 1/2 of the bare view's throughput).

.venv/bin/python bench/track.py --seconds 8                  # a temporary SQLite file
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt_bench_track .venv/bin/python bench/track.py --seconds 8
                                                              # a fresh test_lt_bench_track database, dropped after

The method is bench/receive.py's, and so is its code (the server and the load generator are imported from it):
gunicorn with the production WSGI entry point and middleware on a free loopback port, `--workers 2 --worker-class
gthread --threads ceil(clients/2)`; a one-second warm-up per endpoint, then `--seconds` of load from as many client
threads, each on one keep-alive http.client connection, the endpoints taking their seconds in `--rounds`
alternating slices. The urlconf is the project's own plus /bare (bench/track_app.py). The dossier tracked is a real
one: received at a ward's desk and forwarded to the ward's committee by the lifecycle's services, so the page
reads its agency, events and steps as a citizen's look-up does. The rate limit is off (bench/track_settings.py):
every request comes from one address.
"""

import argparse
import http.client
import json
import math
import os
import signal
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

from receive import WARMUP_SECONDS, WORKERS, Run, Server, _load, _run_line
from receive_fixture import REQUEST, bench_environ, fresh_database, province_setup

SETTINGS_MODULE = "track_settings"
DIGITS = REQUEST["applicant"]["phone"][-4:]
CLIENT_TIMEOUT = 30
AIMS = {"page": 1 / 3, "json": 1 / 2}  # share of the bare view's throughput (issue 4, item 9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per endpoint and client count")
    parser.add_argument("--clients", default="1,8,64", help="comma-separated concurrent client counts")
    parser.add_argument("--rounds", type=int, default=4, help="slices each endpoint's seconds are taken in, in turn")
    args = parser.parse_args()
    client_counts = [int(n) for n in args.clients.split(",")]
    budget = len(client_counts) * 3 * (args.seconds + WARMUP_SECONDS + (args.rounds + 1) * CLIENT_TIMEOUT) + 300
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(math.ceil(budget))

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="lienthong-bench-") as data_dir:
        bench_environ(data_dir)
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
        import django

        django.setup()
        from django.db import connection

        vendor = connection.vendor
        results: list[Run] = []
        with fresh_database() as db_name:
            province_setup()
            code = tracked_dossier()
            connection.close()
            query = urlencode({"code": code, "digits": DIGITS})
            endpoints = [("bare", "GET", "/bare"), ("page", "GET", f"/tra-cuu/?{query}"),
                         ("json", "GET", f"/api/v1/track?{query}")]  # fmt: skip
            server_env = {**os.environ, "LIENTHONG_BENCH_DB_NAME": db_name} if vendor != "sqlite" else {**os.environ}
            for clients in client_counts:
                with Server(clients=clients, threads=0, env=server_env, log_dir=Path(data_dir)) as server:
                    _check(server.port, endpoints)
                    for endpoint, method, url in endpoints:
                        _load(server.port, endpoint, method, url, clients, WARMUP_SECONDS)
                    runs = [Run(endpoint, clients) for endpoint, _, _ in endpoints]
                    for _ in range(args.rounds):
                        for run, (endpoint, method, url) in zip(runs, endpoints, strict=True):
                            run.add(_load(server.port, endpoint, method, url, clients, args.seconds / args.rounds))
                    for run in runs:
                        print(_run_line(run), flush=True)
                    results.extend(runs)
    signal.alarm(0)
    return _report(vendor, results, args.seconds, load=(load_before, os.getloadavg()[0]))


def _out_of_time(signum, frame):
    raise TimeoutError("bench/track ran past its time budget")


def tracked_dossier() -> str:
    """A dossier received at the bench's desk and forwarded to the ward's committee; returns its code."""
    from django.contrib.auth import get_user_model

    from lienthong.catalogue.models import ProcedureVersion, ProcessStep
    from lienthong.dossiers.constants import Channel
    from lienthong.dossiers.services import Applicant, dossier_forward, dossier_receive
    from lienthong.org.constants import AgencyKind, Level, Role
    from lienthong.org.models import Agency
    from receive_fixture import AGENCY_CODE, OFFICER, PROCEDURE_CODE

    version = ProcedureVersion.objects.get(procedure__national_code=PROCEDURE_CODE)
    for position, name, kind, role, actions, hours in [
        (1, "Tiếp nhận", AgencyKind.SERVICE_CENTRE, Role.RECEIVER, ["receive"], 2),
        (2, "Xác nhận hiện trạng", AgencyKind.PEOPLES_COMMITTEE, Role.SPECIALIST, ["process"], 6),
        (3, "Trả kết quả", AgencyKind.SERVICE_CENTRE, Role.RECEIVER, ["return_result"], 1.5),
    ]:
        ProcessStep.objects.create(
            version=version, position=position, name=name, level=Level.COMMUNE, agency_kind=kind, role=role,
            actions=actions, quota_hours=Decimal(str(hours)),
        )  # fmt: skip
    officer = get_user_model().objects.get(username=OFFICER)
    dossier = dossier_receive(
        officer=officer, agency=Agency.objects.get(identifier_code=AGENCY_CODE), version=version,
        channel=Channel.COUNTER, applicant=Applicant(**REQUEST["applicant"]), form_data=REQUEST["form"],
        documents_present=set(version.documents.filter(is_mandatory=True).values_list("pk", flat=True)),
    )  # fmt: skip
    return dossier_forward(officer=officer, dossier=dossier).code


def _check(port: int, endpoints: list[tuple[str, str, str]]) -> None:
    """Each endpoint answers 200 with the dossier's facts before any load: a bench of error pages measures nothing."""
    for endpoint, method, url in endpoints:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
        connection.request(method, url)
        response = connection.getresponse()
        body = response.read().decode()
        connection.close()
        shown = json.dumps(json.loads(body), ensure_ascii=False) if endpoint == "json" else body
        if response.status != 200 or (endpoint != "bare" and "UBND phường Trấn Biên" not in shown):
            raise RuntimeError(f"/{endpoint} answered {response.status}: {body[:300]}")


def _report(vendor: str, results: list[Run], seconds: float, load: tuple[float, float]) -> int:
    engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)
    print(f"\n{engine}, {seconds:g} s per endpoint, {os.cpu_count()} cores, gunicorn {WORKERS} workers (gthread)")
    print(f"load average (1 min) before the run {load[0]:.1f}, after {load[1]:.1f}")
    print(
        "clients | bare req/s | page req/s | json req/s | page p99 ms | json p99 ms | page ÷ bare | json ÷ bare "
        "| errors"
    )
    by_key = {(r.clients, r.endpoint): r for r in results}
    below = []
    for clients in sorted({r.clients for r in results}):
        bare, page, json_ = (by_key[(clients, name)] for name in ("bare", "page", "json"))
        errors = sum(sum(r.errors.values()) for r in (bare, page, json_))
        ratios = {name: run.rate / bare.rate if bare.rate else 0.0 for name, run in (("page", page), ("json", json_))}
        below += [f"{clients} clients: {name} {ratio:.2f} < {AIMS[name]:.2f}" for name, ratio in ratios.items()
                  if ratio < AIMS[name]]  # fmt: skip
        print(
            f"{clients:>7} | {bare.rate:10.0f} | {page.rate:10.0f} | {json_.rate:10.0f} | "
            f"{page.latency_ms(0.99):11.1f} | {json_.latency_ms(0.99):11.1f} | {ratios['page']:11.2f} | "
            f"{ratios['json']:11.2f} | {errors}"
        )
    for line in below:
        print(f"BELOW AIM: {line}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
