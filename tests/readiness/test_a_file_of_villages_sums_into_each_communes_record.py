"""Per-village records (issue 16, part 2, item 4): a file of one row per village (thôn, tổ dân phố) — the commune's
code and the village's name on each — sums into each commune's record; a wrong row is named with its village and
leaves its commune out whole (its sum would be wrong); the same file again changes nothing; a closed quarter is
frozen; a file of one row per commune still imports, and replaces the villages' sum."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from lienthong.readiness.constants import FIELDS, QUESTIONNAIRE_VERSION, QUESTIONS, Source
from lienthong.readiness.models import SurveyRecord, VillageRecord
from lienthong.readiness.services import period_close, survey_import
from lienthong.readiness.xlsx import survey_rows_from_xlsx
from tests.readiness.conftest import answers, workbook

pytestmark = pytest.mark.django_db
VILLAGES = ("Thôn 1", "Thôn 2", "Tổ dân phố Bình Minh")


def village_values(n: int, v: int) -> dict[str, int]:
    """A third of the commune's answers per village, different per village."""
    whole = answers(n)
    return {f: whole[f] // 3 + v for f in FIELDS}


def villages_workbook(communes, *, spoil=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã xã", "Tên xã, phường", "Thôn, tổ dân phố",
                  *[str(label) for _n, label in QUESTIONS[QUESTIONNAIRE_VERSION]]])  # fmt: skip
    for n, code in enumerate(sorted(communes), start=1):
        for v, village in enumerate(VILLAGES):
            values = village_values(n, v)
            sheet.append([code, communes[code].unit.name, village, *[values[f] for f in FIELDS]])
    if spoil:
        spoil(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _spoil(sheet):
    sheet["E5"] = sheet["D5"].value + 1  # row 5: commune 2's "Thôn 1" has more smartphone owners than adults
    sheet["C30"] = ""  # row 30: commune 10's second village without a name
    sheet["C42"] = "thon 1"  # row 42: commune 14's second row names "Thôn 1" again (without diacritics)


def _snapshot(period):
    return (
        sorted(SurveyRecord.objects.filter(period=period).values_list("agency_id", *FIELDS, "source", "updated_at")),
        sorted(VillageRecord.objects.filter(period=period).values_list("agency_id", "village", *FIELDS, "updated_at")),
    )


def test_villages_sum_into_their_commune_and_a_wrong_row_leaves_its_commune_out_named(communes, quarters):
    _q3, q4 = quarters
    result = survey_import(period=q4, rows=survey_rows_from_xlsx(villages_workbook(communes, spoil=_spoil)))

    assert (result.created, result.updated, result.unchanged) == (92, 0, 0)
    assert result.villages == 92 * 3 and VillageRecord.objects.filter(period=q4).count() == 276
    assert [e.row for e in result.errors] == [5, 30, 42]
    messages = [str(e) for e in result.errors]
    assert messages[0].startswith("Dòng 5 (26002, Thôn 1):") and "lớn hơn" in messages[0]
    assert "thiếu tên thôn, tổ dân phố" in messages[1]
    assert "trùng thôn, tổ dân phố với dòng 41" in messages[2]
    assert result.skipped == ["26002", "26010", "26014"]
    assert not SurveyRecord.objects.filter(period=q4, agency__in=[communes[c] for c in result.skipped]).exists()

    first = SurveyRecord.objects.get(period=q4, agency=communes["26001"])
    for name in FIELDS:
        assert getattr(first, name) == sum(village_values(1, v)[name] for v in range(3)), name
    assert first.source == Source.VILLAGES
    villages = VillageRecord.objects.filter(period=q4, agency=communes["26001"]).values_list("village", flat=True)
    assert sorted(villages) == sorted(VILLAGES)


def test_the_same_file_again_changes_nothing_and_a_closed_quarter_is_frozen(communes, quarters):
    q3, q4 = quarters
    data = villages_workbook(communes, spoil=_spoil)
    survey_import(period=q4, rows=survey_rows_from_xlsx(data))
    before = _snapshot(q4)

    again = survey_import(period=q4, rows=survey_rows_from_xlsx(data))

    assert (again.created, again.updated, again.unchanged, len(again.errors)) == (0, 0, 92, 3)
    assert _snapshot(q4) == before

    survey_import(period=q3, rows=survey_rows_from_xlsx(villages_workbook(communes)))
    period_close(period=q3)
    last_quarter = _snapshot(q3)
    with pytest.raises(ValidationError, match="đã khóa sổ"):
        survey_import(period=q3, rows=survey_rows_from_xlsx(villages_workbook(communes)))
    survey_import(period=q4, rows=survey_rows_from_xlsx(workbook(communes, scale=2)))
    assert _snapshot(q3) == last_quarter


def test_a_village_moved_between_rows_updates_the_villages_and_a_commune_row_replaces_their_sum(communes, quarters):
    _q3, q4 = quarters
    survey_import(period=q4, rows=survey_rows_from_xlsx(villages_workbook(communes)))

    def rename(sheet):
        sheet["C2"] = "Thôn Mới"  # commune 1's first village renamed: the sum is the same, its villages are not

    renamed = survey_import(period=q4, rows=survey_rows_from_xlsx(villages_workbook(communes, spoil=rename)))
    assert (renamed.updated, renamed.unchanged) == (1, 94)
    assert VillageRecord.objects.filter(period=q4, agency=communes["26001"], village="Thôn Mới").exists()
    assert not VillageRecord.objects.filter(period=q4, agency=communes["26001"], village="Thôn 1").exists()

    per_commune = survey_import(period=q4, rows=survey_rows_from_xlsx(workbook(communes)))
    assert per_commune.updated == 95 and not per_commune.errors
    assert SurveyRecord.objects.get(period=q4, agency=communes["26001"]).adults == answers(1)["adults"]
    assert SurveyRecord.objects.get(period=q4, agency=communes["26001"]).source == Source.XLSX
    assert not VillageRecord.objects.filter(period=q4).exists()  # the communes' own figures, not a sum


def test_the_import_page_says_how_many_villages_and_which_communes_were_left_out(client, monitor, communes, quarters):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _q3, q4 = quarters
    client.force_login(monitor)
    upload = SimpleUploadedFile("thon.xlsx", villages_workbook(communes, spoil=_spoil))
    page = client.post(f"/backoffice/lo-trinh/san-sang-so/nhap/?ky={q4.key}", {"file": upload}).content.decode()
    assert "Đã nhập 92 dòng: 92 mới" in page and "Tổng hợp từ 276 thôn, tổ dân phố." in page
    assert "chưa nhập cả xã" in page and "26002, 26010, 26014" in page
    assert "Dòng 30 (26010, ): thiếu tên thôn, tổ dân phố." not in page  # a blank village is not shown as ", "
