"""The readiness view (`/backoffice/lo-trinh/san-sang-so/`) on the demo province (issue 16, part 2): its first load
in a fresh process (nothing held: the cache cleared, the scores this process holds forgotten) and then warm, each
`--requests` times, with the statements each run and the load average; `--profile` prints pyinstrument's tree of
one first load.

    LIENTHONG_DATA_DIR=var .venv/bin/python bench/readiness.py [--requests 10] [--profile]

The demo's monitor at the province's office (`giamsat.tinh`) asks, through Django's test client with the
production settings. The baseline in the same run is the warm page: the first load's ratio to it says how much
of the first load is work a warm page does not redo. Then the page's two drawings alone: the communes' tile map
(under 1 s for 95 communes, issue 16) beside the chart of the 15 lowest smartphone shares.
"""

import argparse
import os
import statistics
import sys
import time

MONITOR = "giamsat.tinh"
URL = "/backoffice/lo-trinh/san-sang-so/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--profile", action="store_true", help="pyinstrument's tree of one first load")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienthong.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lienthong.reports.dashboard import scores_forget

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=MONITOR))

    def first_load():
        cache.clear()
        scores_forget()

    def run(before) -> tuple[float, int]:
        before()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(URL)
            took = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        return took, len(queries)

    client.get(URL)  # templates, translations and URL resolvers loaded once, as in a running worker
    if args.profile:
        from pyinstrument import Profiler

        first_load()
        with Profiler() as profiler:
            client.get(URL)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    load = os.getloadavg()[0]
    cold = [run(first_load) for _ in range(args.requests)]
    warm = [run(lambda: None) for _ in range(args.requests)]
    cold_ms, warm_ms = statistics.median(t for t, _q in cold), statistics.median(t for t, _q in warm)
    print(f"load average (1 min) at start: {load:.2f}; {args.requests} requests each")
    print(f"first load: median {cold_ms:.0f} ms, max {max(t for t, _q in cold):.0f} ms, {cold[0][1]} statements")
    print(f"warm:       median {warm_ms:.0f} ms, max {max(t for t, _q in warm):.0f} ms, {warm[0][1]} statements")
    print(f"first load / warm: {cold_ms / max(warm_ms, 1e-9):.1f}×")
    map_ms, bars_ms, communes = drawings(args.requests)
    print(f"tile map of {communes} communes drawn (cache cleared, matplotlib loaded): median {map_ms:.0f} ms "
          f"({'under' if map_ms < 1000 else 'OVER'} 1 s); the 15-bar chart {bars_ms:.0f} ms; map / bars "
          f"{map_ms / max(bars_ms, 1e-9):.1f}×")  # fmt: skip
    return 0


def drawings(requests: int) -> tuple[float, float, int]:
    """The page's two drawings on their own, each `requests` times with the cache cleared: the tile map of the
    communes (issue 16: under 1 s for 95) and the chart of the 15 lowest smartphone shares."""
    from django.core.cache import cache

    from lienthong.readiness.charts import smartphone_chart
    from lienthong.readiness.models import SurveyPeriod
    from lienthong.readiness.selectors import readiness_rows
    from lienthong.readiness.tilemap import communes_map

    rows = readiness_rows(period=SurveyPeriod.objects.filter(records__isnull=False).first())

    def median_ms(draw) -> float:
        took = []
        for _ in range(requests):
            cache.clear()
            started = time.perf_counter()
            draw(rows)
            took.append((time.perf_counter() - started) * 1000)
        return statistics.median(took)

    return median_ms(communes_map), median_ms(smartphone_chart), len(rows)


if __name__ == "__main__":
    sys.exit(main())
