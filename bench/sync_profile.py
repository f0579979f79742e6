"""Where one bulk item's time goes, in-process: POST /api/v1/systems/dossiers/bulk through the production WSGI
handler and middleware (Django's test client: no HTTP, no server), its queries counted by kind and, optionally,
profiled.

DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt_bench_sync .venv/bin/python bench/sync_profile.py [--profile]
                                                   # a fresh test_lt_bench_sync_profile database, dropped after
                                                   # (--phase create: profile the create batch instead)

Same province, system and items as bench/sync.py: a create batch (history [receive]), then batches of the same ids
that each report one more action: `update` (forward), `approve` (complete_step, approving: processing ends) and
`return`; the figures are wall time, this process's CPU time and queries per item of each.
"""

import argparse
import collections
import cProfile
import gc
import io
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
import uuid

from receive_fixture import bench_environ, fresh_database
from sync import SETTINGS_MODULE, _item, sync_setup

URL = "/api/v1/systems/dossiers/bulk"
# Each batch reports one more action on the same dossiers: created (and received), forwarded, approved (processing
# ends: the result waits at the desk), returned.
_HISTORY = [{"action": "receive"}, {"action": "forward"}, {"action": "complete_step", "approve": True},
            {"action": "return", "delivery": "at_desk"}]  # fmt: skip
PHASES = [(phase, _HISTORY[: n + 1]) for n, phase in enumerate(["create", "update", "approve", "return"])]


def _post(client, token: str, items: list[dict]):
    response = client.post(URL, {"items": items}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))  # fmt: skip
    assert response.status_code == 200, response.content[:300]
    return response


def _kinds(queries: list[dict]) -> tuple[collections.Counter, collections.Counter]:
    """A query's kind: its verb and first table, e.g. `SELECT dossiers_dossier`; how many of each, and the seconds
    they took (as Django's query log times them: sending, waiting for PostgreSQL, reading the answer)."""
    kinds, seconds = collections.Counter(), collections.Counter()
    for query in queries:
        sql = query["sql"]
        verb = sql.split(None, 1)[0].upper()
        table = re.search(r'(?:FROM|INTO|UPDATE)\s+"?([a-z_]+)"?', sql, re.IGNORECASE)
        kind = f"{verb} {table.group(1) if table else ''}"
        kinds[kind] += 1
        seconds[kind] += float(query.get("time") or 0)
    return kinds, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--profile", action="store_true", help="print the costliest functions of one batch")
    parser.add_argument(
        "--phase",
        choices=["create", "update", "approve", "return"],
        default="update",
        help="the batch --profile profiles",
    )
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime, …")
    parser.add_argument("--repeat", type=int, default=1, help="batches of each kind, each on new ids (median, best)")
    parser.add_argument("--callers", default="", help="also print who calls the functions matching this")
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave out lienthong.wsgi's gc.freeze() once the application is warm")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lienthong-bench-") as data_dir:
        bench_environ(data_dir)
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
        import django

        django.setup()
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        with fresh_database(f"test_{connection.settings_dict['NAME']}_sync_profile"):
            token = sync_setup()
            client = Client()
            _post(client, token, [_item("W-0", ["receive", "forward"])])  # warm-up: imports, caches, connection
            if not args.no_freeze:  # as the production worker does once warm (lienthong.wsgi)
                gc.freeze()
            timings: dict[str, list[float]] = collections.defaultdict(list)
            # This process's CPU time (the application's Python, not PostgreSQL's): far less moved by a busy machine
            # than the wall time, so the steadier comparison of two trees run on a shared machine.
            cpu_timings: dict[str, list[float]] = collections.defaultdict(list)
            for repeat in range(args.repeat):
                ids = [f"P-{repeat}-{n}" for n in range(args.batch)]
                for phase, actions in PHASES:
                    last = repeat == args.repeat - 1
                    profiler = cProfile.Profile() if args.profile and phase == args.phase and last else None
                    with CaptureQueriesContext(connection) as captured:
                        began, cpu_began = time.perf_counter(), time.process_time()
                        if profiler:
                            profiler.enable()
                        _post(client, token, [_item(i, []) | {"actions": actions} for i in ids])
                        if profiler:
                            profiler.disable()
                        elapsed = time.perf_counter() - began
                        cpu = time.process_time() - cpu_began
                    timings[phase].append(elapsed)
                    cpu_timings[phase].append(cpu)
                    n = args.batch
                    print(f"{phase}: {1000 * elapsed / n:.1f} ms and {len(captured) / n:.1f} queries per item "
                          f"({n} items, {elapsed:.2f} s, {len(captured)} queries)")  # fmt: skip
                    if repeat == 0:
                        kinds, seconds = _kinds(captured.captured_queries)
                        print(f"    statements {len(captured)} a batch, {1000 * sum(seconds.values()) / n:.2f} ms an "
                              f"item in them; the costliest:")  # fmt: skip
                        for kind, spent in seconds.most_common(8):
                            print(f"    {kinds[kind]:3d} × {kind:<36} {1000 * spent / n:6.3f} ms/item")
                    if profiler:
                        out = io.StringIO()
                        stats = pstats.Stats(profiler, stream=out).sort_stats(args.sort)
                        # Function calls per item: what the batch's Python does, whatever the machine's load.
                        print(f"{phase}: {stats.total_calls / n:.0f} Python function calls per item "
                              f"({stats.total_calls} in the batch, {stats.prim_calls} primitive)")  # fmt: skip
                        stats.print_stats(args.lines)
                        if args.callers:
                            stats.print_callers(args.callers)
                        print(out.getvalue())
            if args.repeat > 1:
                for phase, spent in timings.items():
                    cpu = cpu_timings[phase]
                    print(f"{phase}: median {1000 * statistics.median(spent) / args.batch:.2f} ms per item, "
                          f"best {1000 * min(spent) / args.batch:.2f} ({args.repeat} batches); CPU of this process "
                          f"median {1000 * statistics.median(cpu) / args.batch:.2f} ms per item, "
                          f"best {1000 * min(cpu) / args.batch:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
