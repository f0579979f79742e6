"""bench/dashboards.py on a tiny province: every page it times answers (200, the content type expected), every naive
aggregate runs, and the table has a row for each — not timing (the bench does that over bench/province.py's data).

PostgreSQL only (the generator writes by COPY, the naive aggregates are PostgreSQL SQL). The demo province is built
once for the module, ~600 dossiers generated into it and the read model rebuilt, in a transaction rolled back at the
end (tests/demo/conftest.py's `built`)."""

import importlib
import io
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from lienthong.reports.models import DossierFact
from tests.demo.conftest import built

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator writes by COPY on PostgreSQL"),
]
BENCH = Path(__file__).resolve().parents[2] / "bench"
COUNT = 600
PAGES = [
    "overview, running month", "overview, last month", "unit: department", "unit: commune", "drill-down, page 1",
    "drill-down, page", "on time by unit", "on time by month", "overview XLSX", "/thong-ke/ (public)",
]  # fmt: skip


@pytest.fixture(scope="module")
def bench(django_db_setup, django_db_blocker):
    sys.path.insert(0, str(BENCH))
    province = importlib.import_module("province")
    with built(django_db_blocker, history=0):
        province.province_generate(dossiers=COUNT, chunk=300, workers=0, drop_indexes=False, seed=11)
        call_command("reports_rebuild", stdout=io.StringIO())
        yield importlib.import_module("dashboards")


def test_every_page_and_its_naive_aggregate_has_its_row(bench, client):
    assert DossierFact.objects.count() == COUNT
    client.force_login(get_user_model().objects.get(username=bench.MONITOR))
    out = io.StringIO()
    results = bench.bench_run(client, requests=2, out=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == bench.HEADER
    assert len(lines) == 1 + len(PAGES)
    for line, name in zip(lines[1:], PAGES, strict=True):
        assert line.startswith(name), line
        assert line.count(" | ") == bench.HEADER.count(" | "), line
    for result in results:
        assert len(result.cold.samples) == len(result.warm.samples) == len(result.naive.samples) == 2
        assert result.queries_cold >= result.queries_warm


def test_the_naive_aggregate_counts_what_the_read_model_counts(bench):
    """The naive side is the same figures: a period's received, on-time and overdue dossiers per unit equal the
    read model's (`index766.province_scores`), so the ratio compares like with like."""
    from django.utils import timezone

    import dashboards_naive as naive
    from lienthong.reports.index766 import Period, province_scores
    from lienthong.reports.units import AgencyTree

    now = timezone.now()
    period = Period.containing("year", now).previous()
    start, end = period.bounds
    scores = province_scores(period=period, now=now)
    counted = naive.scores(start=start, end=end, judged=end, tree=AgencyTree())
    names = [name for name in naive.FIGURES if name.startswith("dossiers_")]
    assert scores.province.counts["dossiers_received"] > 50
    for result in [scores.province, *scores.departments, *scores.communes]:
        key = None if result is scores.province else result.unit.id
        expected = {name: result.counts.get(name, 0) for name in names}
        assert {name: counted.get(key, {}).get(name, 0) for name in names} == expected, result.unit.name


def test_ahead_a_cold_page_finds_every_chart_the_worker_drew(bench, client, monkeypatch, settings):
    """`--ahead`: the charts the worker draws after counting the page's period are the ones the page shows, so no
    cold request draws (the drawing itself stubbed: what is checked is that the keys agree, not matplotlib)."""
    from lienthong.core import charts as core_charts

    settings.CACHES = {"default": {**settings.CACHES["default"], "OPTIONS": {"MAX_ENTRIES": 100_000}}}  # as the bench
    drawn: list[str] = []

    def stub(spec):
        drawn.append(spec["title"])
        return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>'

    monkeypatch.setattr(core_charts, "_render", stub)
    client.force_login(get_user_model().objects.get(username=bench.MONITOR))
    for case in bench.cases_build():
        if not case.name.startswith(("overview,", "unit:")):
            continue
        forget = bench._forget_but_what_the_worker_drew(case)
        assert len(drawn) > 100, case.name  # the overview and every unit's page, in both languages
        drawn.clear()
        forget()
        bench._get(client, case)
        assert drawn == [], f"{case.name} drew {drawn}"
