"""The villages in the readiness view (issue 16; next-capabilities §7.2): a commune whose survey came one row per
village (thôn, tổ dân phố) lists its villages with their rates; the view names the villages to assist — a low
smartphone or VNeID level-2 share in a commune whose dossiers mostly came to the counter — most adults without a
smartphone first; and the template of one row per village downloads with each commune's villages, imports again
unchanged, and carries the village names into the next quarter."""

import io

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from lienthong.org.constants import Level
from lienthong.readiness.constants import FIELDS, QUESTIONNAIRE_VERSION, QUESTIONS
from lienthong.readiness.selectors import period_current, readiness_rows, village_assist
from lienthong.readiness.services import period_get, survey_import
from lienthong.readiness.xlsx import survey_rows_from_xlsx
from lienthong.reports.models import DailyFigure

pytestmark = pytest.mark.django_db
URL = "/backoffice/lo-trinh/san-sang-so/"


def village(adults: int, smartphones: int, vneid: int) -> dict[str, int]:
    households = adults // 3
    return {"adults": adults, "smartphone_owners": smartphones, "feature_phone_only": (adults - smartphones) // 2,
            "households": households, "households_broadband": households // 2, "vneid_level2": vneid,
            "portal_accounts": adults // 5, "epayment_users": adults // 4, "poor_without_device": 3,
            "team_members": 4, "people_helped": 50}  # fmt: skip


# 26001 sends its dossiers mostly to the counter; 26002 mostly online
VILLAGES = {
    "26001": [
        ("Thôn Bàu Sen", village(1000, 500, 700)),  # few smartphones: 500 adults without
        ("Thôn Suối Cát", village(800, 600, 300)),  # few VNeID accounts: 200 without a smartphone
        ("Tổ dân phố 3", village(900, 800, 800)),  # fine
    ],
    "26002": [("Ấp Trung Tâm", village(1200, 400, 300)), ("Ấp Cây Dầu", village(700, 650, 600))],
}


def villages_file(villages=VILLAGES) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã xã", "Tên xã, phường", "Thôn, tổ dân phố",
                  *[str(label) for _n, label in QUESTIONS[QUESTIONNAIRE_VERSION]]])  # fmt: skip
    for code, rows in villages.items():
        for name, values in rows:
            sheet.append([code, "", name, *[values[f] for f in FIELDS]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def period():
    year, quarter = period_current()
    return period_get(year=year, quarter=quarter)


@pytest.fixture
def surveyed(communes, period):
    result = survey_import(period=period, rows=survey_rows_from_xlsx(villages_file()))
    assert (result.created, result.villages, result.errors) == (2, 5, [])
    for code, received, online in (("26001", 100, 20), ("26002", 100, 80)):
        agency = communes[code]
        DailyFigure.objects.create(day=timezone.localdate(), agency_id=agency.pk, unit_id=agency.pk, procedure_id=1,
                                   field_id=1, level=Level.COMMUNE, channel="online", received=received,
                                   online=online)  # fmt: skip
    return communes


def test_the_villages_to_assist_are_low_on_phones_or_vneid_where_the_counter_is_busy(surveyed, period):
    rows = readiness_rows(period=period, with_scores=False)
    assist, counts = village_assist(period=period, rows=rows)
    assert [(v.village, v.low, v.without_smartphone) for v in assist] == [
        ("Thôn Bàu Sen", ("smartphone",), 500),
        ("Thôn Suối Cát", ("vneid",), 200),
    ]  # 26002's villages are low too, but its people already go online (80 %): not on the list
    assert assist[0].counter_share == 0.8 and assist[0].commune == "Xã Số 1"
    assert counts == {surveyed["26001"].pk: 3, surveyed["26002"].pk: 2}


def test_the_view_names_the_villages_to_assist_and_the_commune_page_lists_its_villages(
    client, monitor, surveyed, period
):
    client.force_login(monitor)
    page = client.get(URL).content.decode()
    assert "Thôn, tổ dân phố cần hỗ trợ" in page
    assert page.index("Thôn Bàu Sen") < page.index("Thôn Suối Cát") and "Ấp Trung Tâm" not in page
    commune = surveyed["26001"]
    assert f"{URL}xa/{commune.pk}/?ky={period.key}#thon" in page and "3 thôn, tổ dân phố" in page

    own = client.get(f"{URL}xa/{commune.pk}/?ky={period.key}").content.decode()
    assert 'id="thon"' in own and own.count('<th scope="row" class="key">') == 3
    assert "Thôn Bàu Sen" in own and "50.0 %" in own and "37.5 %" in own  # Bàu Sen's phones, Suối Cát's VNeID


def test_the_village_template_lists_each_communes_villages_and_imports_again_unchanged(
    client, monitor, surveyed, period
):
    client.force_login(monitor)
    body = client.get(f"{URL}xlsx/?ky={period.key}&mau=thon").content
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã xã", "Tên xã, phường", "Thôn, tổ dân phố", "Số người trưởng thành")
    mine = [row for row in rows[1:] if row[0] == "26001"]
    assert [(row[2], row[3], row[4]) for row in mine] == [("Thôn Bàu Sen", 1000, 500), ("Thôn Suối Cát", 800, 600),
                                                          ("Tổ dân phố 3", 900, 800)]  # fmt: skip
    blank = [row for row in rows[1:] if row[0] == "26003"]
    assert blank == [("26003", "Xã Số 3", *[None] * (len(FIELDS) + 1))]  # one blank line to fill in
    assert len(rows) == 1 + 3 + 2 + 93

    again = survey_import(period=period, rows=survey_rows_from_xlsx(body))
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 2, [])  # blank lines skipped

    nxt = period_get(year=period.year + (period.quarter == 4), quarter=period.quarter % 4 + 1)
    carried = list(load_workbook(io.BytesIO(client.get(f"{URL}xlsx/?ky={nxt.key}&mau=thon").content)).active.values)
    mine = [row for row in carried if row[0] == "26002"]
    assert [row[2:4] for row in mine] == [("Ấp Cây Dầu", None), ("Ấp Trung Tâm", None)]  # names kept, figures blank
