"""Where one tracking request's time goes, in-process: the page, the JSON and the bare view through the production
WSGI handler and middleware (no HTTP, no server), timed and optionally profiled.

.venv/bin/python bench/track_profile.py [--requests 2000] [--profile page|json|bare] [--sort tottime]
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt_bench_track .venv/bin/python bench/track_profile.py
                                                 # a fresh test_lt_bench_track_profile database, dropped after

Same dossier and settings as bench/track.py. Each endpoint is called `--requests` times in `--rounds` alternating
slices; the figure is the median CPU time of the thread per request of each slice, the least of the slices (the
machine is shared: the least is the one least disturbed). `--profile` prints the costliest functions of one slice.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from urllib.parse import urlencode

from receive_fixture import bench_environ, fresh_database, province_setup
from track import DIGITS, SETTINGS_MODULE, tracked_dossier


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint, over all rounds")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", choices=["page", "json", "bare"], help="profile this endpoint")
    parser.add_argument("--sort", default="tottime", help="profile order: cumulative or tottime")
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lienthong-bench-") as data_dir:
        bench_environ(data_dir)
        import os

        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
        import django

        django.setup()
        from django.core.handlers.wsgi import WSGIHandler
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with fresh_database(test_name="test_lt_bench_track_profile"):
            province_setup()
            code = tracked_dossier()
            query = urlencode({"code": code, "digits": DIGITS})
            handler = WSGIHandler()
            endpoints = {"bare": ("/bare", ""), "page": ("/tra-cuu/", query), "json": ("/api/v1/track", query)}

            def call(path: str, query_string: str) -> tuple[str, bytes]:
                environ = {
                    "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query_string, "SCRIPT_NAME": "",
                    "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "REMOTE_ADDR": "127.0.0.1",
                    "HTTP_HOST": "127.0.0.1:8000", "HTTP_USER_AGENT": "bench/track_profile",
                    "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
                    "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True,
                    "wsgi.run_once": False, "wsgi.version": (1, 0),
                }  # fmt: skip
                status = []
                body = b"".join(handler(environ, lambda s, headers, exc_info=None: status.append(s)))
                return status[0], body

            for name, (path, query_string) in endpoints.items():
                for _ in range(50):  # warm: templates compiled, translations loaded, connection open
                    status, body = call(path, query_string)
                with CaptureQueriesContext(connection) as captured:
                    status, body = call(path, query_string)
                print(f"{name:5} {status}, {len(body):6} bytes, {len(captured)} queries")
            per_round = max(1, args.requests // args.rounds)
            medians: dict[str, list[float]] = {name: [] for name in endpoints}
            for _ in range(args.rounds):
                for name, (path, query_string) in endpoints.items():
                    times = []
                    for _ in range(per_round):
                        started = time.thread_time()
                        call(path, query_string)
                        times.append(time.thread_time() - started)
                    medians[name].append(statistics.median(times))
            bare = min(medians["bare"])
            for name, values in medians.items():
                least = min(values)
                print(
                    f"{name:5} {least * 1e3:6.3f} ms a request (CPU, least of {args.rounds} slices' medians; "
                    f"most {max(values) * 1e3:.3f}); bare ÷ {name} = {bare / least:.2f}"
                )
            if args.profile:
                path, query_string = endpoints[args.profile]
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(per_round):
                    call(path, query_string)
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.lines)
                print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
