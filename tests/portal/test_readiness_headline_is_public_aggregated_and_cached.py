"""The public readiness page (issue 16, item 4): the province's headline — smartphone and VNeID level-2 shares summed
over the communes' answers, the communes' share of dossiers submitted online in the quarter, how many communes
answered, the quarter — and the roadmaps' items per status and level; linked from /thong-ke/ and the footer; no
commune's answers and no person's name; in Vietnamese and English; its numbers kept in the cache."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lienthong.org.constants import Level
from lienthong.org.models import HeadAssignment
from lienthong.readiness.services import period_close, period_get, record_save
from lienthong.reports.models import DailyFigure
from lienthong.roadmaps.constants import EvidenceKind, ItemKind
from lienthong.roadmaps.services import due_compute, plan_issue
from tests.portal.track_given import text
from tests.readiness.conftest import communes  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
PAGE = "/thong-ke/san-sang-so/"


@pytest.fixture
def surveyed(communes):  # noqa: F811
    """Last quarter closed with 60 communes' answers (1,000 adults each, 700 with smartphones, 400 on VNeID level 2);
    this quarter open with one; the communes' dossiers: 200 received, 50 online, in last quarter."""
    cache.clear()
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    last_year, last_quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    last, current = period_get(year=last_year, quarter=last_quarter), period_get(year=year, quarter=quarter)
    values = {"adults": 1000, "smartphone_owners": 700, "feature_phone_only": 100, "households": 300,
              "households_broadband": 200, "vneid_level2": 400, "portal_accounts": 100, "epayment_users": 100,
              "poor_without_device": 3, "team_members": 10, "people_helped": 50}  # fmt: skip
    for code in sorted(communes)[:60]:
        record_save(period=last, agency=communes[code], values=values)
    period_close(period=last)
    record_save(period=current, agency=communes["26001"], values={**values, "smartphone_owners": 100})
    start_month = 3 * (last_quarter - 1) + 1
    day = today.replace(year=last_year, month=start_month, day=15)
    for code, received, online in (("26001", 120, 10), ("26002", 80, 40)):
        DailyFigure.objects.create(day=day, agency_id=communes[code].pk, unit_id=communes[code].pk, procedure_id=1,
                                   field_id=1, level=Level.COMMUNE, channel="online", received=received,
                                   online=online)  # fmt: skip
    HeadAssignment.objects.create(agency=communes["26001"], full_name="Nguyễn Văn Tư", title="Chủ tịch",
                                  starts_on=day)  # fmt: skip
    plan = plan_issue(title="Biên lai điện tử", legal_basis="Kế hoạch 18/KH-UBND", agencies=list(communes.values()),
                      kind=ItemKind.E_RECEIPTS, due=due_compute(working_days=10),
                      evidence_kind=EvidenceKind.DOCUMENT)  # fmt: skip
    return last, plan


def test_the_headline_sums_the_closed_quarter_and_names_no_commune_nor_person(client, surveyed):
    last, _plan = surveyed
    response = client.get(PAGE)
    assert response.status_code == 200 and response["Content-Language"] == "vi"
    page = text(response)
    assert f"Khảo sát sẵn sàng số của các xã, phường — {last.label}" in page  # the closed quarter, not the open one
    assert "70,0 %" in page and "42.000 trên 60.000 người" in page  # smartphones
    assert "40,0 %" in page and "24.000 người" in page  # VNeID level 2
    assert "25,0 %" in page and "50 trên 200 hồ sơ" in page  # online dossiers of the communes
    assert "60/95" in page and "Số liệu của quý đã chốt." in page
    assert "Xã, phường 0 0 95 0 95" in page  # the plan's 95 items, in progress, at the communes' level
    assert "Xã Số 1" not in page and "Nguyễn Văn Tư" not in page  # sums only: no commune, no person
    assert 'role="img"' in response.content.decode()  # the roadmap chart


def test_linked_from_the_statistics_page_and_the_footer(client, surveyed):
    stats = client.get("/thong-ke/").content.decode()
    assert f'href="{PAGE}"' in stats.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    footer = client.get("/").content.decode().split('<footer class="site">', 1)[1]
    assert f'<a href="{PAGE}">Mức sẵn sàng số</a>' in footer


def test_in_english_when_chosen(client, surveyed):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(PAGE)
    assert response["Content-Language"] == "en"
    page = text(response)
    for expected in ["Digital readiness and roadmaps", "Adults with a smartphone", "70.0 %", "42,000 of 60,000",
                     "Communes surveyed", "Units' connection roadmaps", "Late", "Done"]:  # fmt: skip
        assert expected in page, expected


def test_the_numbers_are_kept_in_the_cache(client, surveyed, communes):  # noqa: F811
    client.get(PAGE)
    with CaptureQueriesContext(connection) as again:
        assert client.get(PAGE).status_code == 200
    assert not any("readiness_" in q["sql"] or "roadmaps_" in q["sql"] for q in again)
    last, _plan = surveyed
    assert "42.000 trên 60.000" in text(client.get(PAGE))
    cache.clear()  # the entry's five minutes passed
    assert "60/95" in text(client.get(PAGE))
