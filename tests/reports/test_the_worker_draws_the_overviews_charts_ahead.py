"""After counting a period's figures, the worker draws the overview's charts of that period in every language into
a shared cache (Redis), and for a month every unit's page charts too: the leader who opens the page next reads them
instead of waiting 0.1–0.3 s for each one. With a per-process cache it draws nothing: the web processes could not
read it."""

import pytest
import time_machine

from lienthong.core import charts as core_charts
from lienthong.reports import tasks
from lienthong.reports.dashboard import scores_forget
from tests.reports.conftest import at, figure_counts_asked, figure_counts_run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def drawings(monkeypatch):
    """Every chart matplotlib draws from now on, as its kind and title."""
    drawn: list[tuple[str, str]] = []
    real = core_charts._render

    def counting(spec):
        drawn.append((spec["kind"], spec["title"]))
        return real(spec)

    monkeypatch.setattr(core_charts, "_render", counting)
    return drawn


def test_with_a_shared_cache_the_page_after_the_workers_count_draws_no_chart(
    walk, client, officers, drawings, monkeypatch
):
    monkeypatch.setattr(tasks, "cache_is_shared", lambda: True)
    walk.receive(at(2, 8))
    with time_machine.travel(at(2, 9), tick=False):
        assert {"2026-03"} <= {key for kwargs in figure_counts_asked() for key in kwargs["period_keys"]}
        figure_counts_run()
        ahead = list(drawings)
        titles = {title for _kind, title in ahead}
        assert any("12 kỳ gần nhất" in t for t in titles) and any("12 periods" in t for t in titles)  # vi and en
        assert any("Tỷ lệ điểm đạt theo nhóm" in t for t in titles)

        scores_forget()  # a web process of its own: it holds no scores, the cache holds the charts
        client.force_login(officers["monitor@centre"])
        drawings.clear()
        page = client.get("/backoffice/chi-so/?ky=2026-03")
        assert page.status_code == 200
        assert drawings == [], f"the page drew {drawings}"
        assert page.content.decode().count("<svg") >= 2  # the trend and the groups (no department had a dossier)


def test_with_a_shared_cache_a_units_page_after_the_workers_count_draws_no_chart(
    walk, client, officers, province, drawings, monkeypatch
):
    monkeypatch.setattr(tasks, "cache_is_shared", lambda: True)
    late = walk.receive(at(2, 8))
    walk.forward(late, at(2, 10))
    walk.finish(late, at(30, 9))  # weeks past its appointment: the unit's page shows the delays' distribution
    with time_machine.travel(at(30, 10), tick=False):
        figure_counts_run()
        units = {title for _kind, title in drawings if "Hồ sơ trễ hạn theo số ngày trễ" in title}
        assert any(province["committee"].name in title for title in units)  # the commune answers for the dossier

        scores_forget()
        client.force_login(officers["monitor@centre"])
        drawings.clear()
        commune = client.get(f"/backoffice/chi-so/don-vi/{province['committee'].pk}/?ky=2026-03")
        client.cookies["django_language"] = "en"
        in_english = client.get(f"/backoffice/chi-so/don-vi/{province['committee'].pk}/?ky=2026-03")
        assert commune.status_code == in_english.status_code == 200
        assert drawings == [], f"the pages drew {drawings}"
        assert commune.content.decode().count("<svg") >= 2  # its trend and its delays
        assert "12 periods" in in_english.content.decode()

        drawings.clear()  # a quarter's unit pages are not drawn ahead: its page draws its own
        assert client.get(f"/backoffice/chi-so/don-vi/{province['committee'].pk}/?ky=2026-Q1").status_code == 200
        assert drawings


def test_with_a_per_process_cache_the_worker_draws_nothing_and_the_page_draws_its_own(walk, client, officers, drawings):
    assert not tasks.cache_is_shared()  # the tests' cache, as `lienthong start` without LIENTHONG_CACHE_URL
    walk.receive(at(2, 8))
    with time_machine.travel(at(2, 9), tick=False):
        figure_counts_run()
        assert drawings == []
        client.force_login(officers["monitor@centre"])
        assert client.get("/backoffice/chi-so/?ky=2026-03").status_code == 200
        assert len(drawings) >= 2
