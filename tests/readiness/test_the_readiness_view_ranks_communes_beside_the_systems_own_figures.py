"""The readiness view: every commune's survey rates beside its online share from the read model, ranked, with a
chart and its table, and the assist list; the XLSX export; a commune's phone form; who may see what."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from lienthong.org.constants import Level, Role
from lienthong.org.models import OfficerRole
from lienthong.readiness.models import SurveyRecord
from lienthong.readiness.selectors import period_current, readiness_rows
from lienthong.readiness.services import period_close, period_get, record_save
from lienthong.reports.models import DailyFigure
from tests.readiness.conftest import answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    year, quarter = period_current()
    return period_get(year=year, quarter=quarter)


@pytest.fixture
def surveyed(communes, period):
    """Two communes answered: "26001" with many smartphones and few online dossiers, "26002" the reverse."""
    common = {"adults": 1000, "vneid_level2": 500, "portal_accounts": 200, "epayment_users": 300}
    high = {**answers(1), **common, "smartphone_owners": 900, "feature_phone_only": 50}
    low = {**answers(2), **common, "smartphone_owners": 400, "feature_phone_only": 500}
    record_save(period=period, agency=communes["26001"], values=high)
    record_save(period=period, agency=communes["26002"], values=low)
    today = timezone.localdate()
    for code, received, online in (("26001", 100, 10), ("26002", 100, 80)):
        agency = communes[code]
        DailyFigure.objects.create(
            day=today,
            agency_id=agency.pk,
            unit_id=agency.pk,
            procedure_id=1,
            field_id=1,
            level=Level.COMMUNE,
            channel="online",
            received=received,
            online=online,
        )
    return communes


def test_rows_carry_the_survey_rates_and_the_online_share_and_the_assist_list(surveyed, period):
    rows = readiness_rows(period=period, with_scores=False)
    assert len(rows) == 95
    first, second = rows[0], rows[1]
    assert (first.code, first.rates["smartphone"], first.online_share, first.assist) == ("26001", 0.9, 0.1, "guide")
    assert (second.code, second.rates["smartphone"], second.online_share, second.assist) == (
        "26002",
        0.4,
        0.8,
        "devices",
    )
    assert rows[2].record is None and rows[2].rates["smartphone"] is None
    by_online = readiness_rows(period=period, sort="online", with_scores=False)
    assert [r.code for r in by_online[:2]] == ["26002", "26001"]


def test_the_page_shows_the_chart_the_table_and_the_assist_list(client, monitor, surveyed):
    client.force_login(monitor)
    page = client.get("/backoffice/lo-trinh/san-sang-so/").content.decode()
    assert 'role="img"' in page and "xã có tỷ lệ người trưởng thành có điện thoại thông minh thấp nhất" in page
    assert "Cần hướng dẫn dịch vụ công trực tuyến" in page and "Cần hỗ trợ thiết bị" in page
    assert "90.0 %" in page and "10.0 %" in page
    assert client.get("/backoffice/lo-trinh/san-sang-so/?ky=2026-Q9").status_code == 404


def test_the_export_has_every_commune_and_the_stored_answers(client, monitor, surveyed, period):
    client.force_login(monitor)
    response = client.get(f"/backoffice/lo-trinh/san-sang-so/xlsx/?ky={period.key}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã xã", "Tên xã, phường", "Số người trưởng thành")
    assert len(rows) == 96
    assert rows[1][:4] == ("26001", "Xã Số 1", 1000, 900)
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Khảo sát"]  # the template: answers only

    ranked = client.get(f"/backoffice/lo-trinh/san-sang-so/xlsx/?ky={period.key}&xep=smartphone")
    sheet = load_workbook(io.BytesIO(ranked.content))["Xếp hạng"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 96
    assert rows[1][:4] == (1, "26001", "Xã Số 1", 90.0)
    assert (rows[1][8], rows[1][9], rows[1][10], rows[1][11], rows[1][13]) == (
        100,
        10.0,
        0.0,
        0,
        "Hướng dẫn dịch vụ công trực tuyến",
    )


def test_a_commune_enters_its_survey_on_a_phone_form_until_the_quarter_is_closed(client, communes, period):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("leader.26003", password="mat-khau-dai-123")
    OfficerRole.objects.create(user=user, agency=communes["26003"], role=Role.LEADER)
    client.force_login(user)
    url = f"/backoffice/lo-trinh/san-sang-so/xa/{communes['26003'].pk}/"
    values = answers(3)
    bad = client.post(url, {**values, "smartphone_owners": values["adults"] + 1})
    assert bad.status_code == 400 and "lớn hơn" in bad.content.decode()
    assert client.post(url, values).status_code == 302
    assert SurveyRecord.objects.get(period=period, agency=communes["26003"]).adults == values["adults"]
    assert (
        client.get(f"/backoffice/lo-trinh/san-sang-so/xa/{communes['26004'].pk}/").status_code == 404
    )  # not its commune
    assert client.get("/backoffice/lo-trinh/san-sang-so/").status_code == 403  # the province's view is the office's

    period_close(period=period)
    refused = client.post(url, {**values, "adults": values["adults"] + 5})
    assert refused.status_code == 400 and "đã khóa sổ" in refused.content.decode()
    assert SurveyRecord.objects.get(period=period, agency=communes["26003"]).adults == values["adults"]


def test_the_table_is_ranked_twenty_a_page_and_searched_by_name_without_diacritics(client, monitor, surveyed, period):
    from lienthong.core.text import fold

    client.force_login(monitor)
    rows = readiness_rows(period=period, with_scores=False)
    first = client.get("/backoffice/lo-trinh/san-sang-so/").content.decode()
    assert first.count('<th scope="row" class="key">') == 20
    assert "Trang 1 / 5" in first and "xep=smartphone&amp;ban_do=smartphone&amp;trang=2" in first  # both kept
    last = client.get("/backoffice/lo-trinh/san-sang-so/?xep=smartphone&trang=5").content.decode()
    assert last.count('<th scope="row" class="key">') == 15 and rows[-1].name in last

    wanted = rows[40]
    typed = fold(wanted.name)  # as typed on a phone without Vietnamese keyboard
    found = client.get("/backoffice/lo-trinh/san-sang-so/", {"q": typed}).content.decode()
    matches = [r for r in rows if typed in fold(r.name)]
    assert found.count('<th scope="row" class="key">') == min(len(matches), 20) and wanted.name in found
    nothing = client.get("/backoffice/lo-trinh/san-sang-so/", {"q": "khong co xa nay"}).content.decode()
    assert "Không có xã, phường nào có tên như vậy." in nothing


def test_the_pdf_has_every_commune_ranked_the_assist_list_and_the_chart(client, monitor, surveyed, period):
    import io

    from pypdf import PdfReader

    client.force_login(monitor)
    page = client.get("/backoffice/lo-trinh/san-sang-so/").content.decode()
    assert f'href="/backoffice/lo-trinh/san-sang-so/pdf/?ky={period.key}&amp;xep=smartphone"' in page
    response = client.get(f"/backoffice/lo-trinh/san-sang-so/pdf/?ky={period.key}&xep=smartphone")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert f"Mức sẵn sàng số của các xã, phường — {period.label}" in text
    assert "2/95 xã, phường đã gửi khảo sát" in text and "xếp theo tỷ lệ có điện thoại thông minh" in text
    assert "Danh sách cần hỗ trợ (2 xã, phường)" in text
    assert "Xã Số 1 hướng dẫn dịch vụ công trực tuyến 90.0 % 10.0 %" in text
    assert all(f"Xã Số {n} " in text for n in range(1, 96))  # every commune in the ranking
    assert "Tỷ lệ (%)" in text  # the chart's axis: text in the SVG WeasyPrint drew
    last = reader.pages[-1].extract_text()
    assert "Bản đồ ô các xã, phường" in last and "Chưa có số liệu" in last  # the tile map, on its own last page
    assert "90" in last.split()  # 26001's smartphone share written in its square


def test_the_fully_online_share_counts_the_online_dossiers_of_procedures_offered_fully_online(
    client, monitor, surveyed, period
):
    """Issue 16 asks the view for the fully-online share beside the online share: of 26001's 100 dossiers, 10 were
    online, 6 of them for a procedure the catalogue offers fully online (toàn trình), 4 for a partly online one."""
    from decimal import Decimal

    from lienthong.catalogue.models import Field, Procedure, ProcedureVersion

    field = Field.objects.create(code="H19-HT", name="Hộ tịch")
    levels = {}
    for code, level in (("1.001193", "full"), ("1.001022", "partial")):
        version = ProcedureVersion.objects.create(
            procedure=Procedure.objects.create(national_code=code, field=field), decision="QĐ 3/QĐ-UBND",
            name=code, time_limit_value=Decimal(2), time_limit_unit="working_days", online_level=level,
        )  # fmt: skip
        levels[level] = version.procedure_id
    agency = surveyed["26001"]
    DailyFigure.objects.update(procedure_id=levels["partial"])
    DailyFigure.objects.filter(unit_id=agency.pk).update(online=4)
    DailyFigure.objects.create(day=timezone.localdate(), agency_id=agency.pk, unit_id=agency.pk,
                               procedure_id=levels["full"], field_id=field.pk, level=Level.COMMUNE, channel="online",
                               online=6)  # fmt: skip
    rows = {r.code: r for r in readiness_rows(period=period, sort="fully_online", with_scores=False)}
    assert (rows["26001"].online_share, rows["26001"].fully_online_share) == (0.1, 0.06)
    assert rows["26002"].fully_online_share == 0.0  # its online dossiers are of no fully-online procedure
    assert readiness_rows(period=period, sort="fully_online", with_scores=False)[0].code == "26001"
    client.force_login(monitor)
    page = client.get("/backoffice/lo-trinh/san-sang-so/?xep=fully_online").content.decode()
    assert "Trực tuyến toàn trình" in page and "6.0 %" in page


def test_the_phone_accounts_count_the_citizens_signed_up_by_phone_whose_address_names_the_commune(
    client, monitor, surveyed, period
):
    """Issue 16 asks the view for the phone-account sign-ups beside the survey: each commune counts the citizens'
    accounts signed up with a phone number and verified by the quarter's end whose address names it."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from lienthong.accounts.constants import ContactKind
    from lienthong.accounts.models import CitizenProfile

    start = timezone.make_aware(dt.datetime(period.year, 3 * period.quarter - 2, 1))
    people = (
        ("0912000001", "Số 5, Xã Số 1, tỉnh Đồng Nai", start + dt.timedelta(days=3)),
        ("0912000002", "ấp 2, xa so 1, Dong Nai", start + dt.timedelta(days=4)),  # typed without diacritics
        ("0912000003", "Tổ 4, Xã Số 12, tỉnh Đồng Nai", start + dt.timedelta(days=5)),  # Số 12, not Số 1
        ("0912000004", "Xã Số 1", None),  # never verified: not an account yet
        ("", "Xã Số 1", start),  # signed up with an e-mail
    )
    for n, (phone, address, verified) in enumerate(people):
        user = get_user_model().objects.create_user(f"citizen{n}")
        CitizenProfile.objects.create(user=user, full_name=f"Công dân {n}", phone=phone, address=address,
                                      email="" if phone else f"c{n}@example.org", verified_at=verified,
                                      contact_kind=ContactKind.PHONE if phone else ContactKind.EMAIL)  # fmt: skip
    rows = {r.code: r for r in readiness_rows(period=period, with_scores=False)}
    assert (rows["26001"].phone_accounts, rows["26012"].phone_accounts, rows["26002"].phone_accounts) == (2, 1, 0)
    client.force_login(monitor)
    ranked = client.get(f"/backoffice/lo-trinh/san-sang-so/xlsx/?ky={period.key}&xep=smartphone")
    sheet = load_workbook(io.BytesIO(ranked.content))["Xếp hạng"]
    assert [row[11] for row in sheet.iter_rows(values_only=True) if row[1] == "26001"] == [2]
