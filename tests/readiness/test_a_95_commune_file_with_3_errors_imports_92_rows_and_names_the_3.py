"""A quarter's XLSX for 95 communes with three deliberate errors imports 92 rows and names the three by row; the
same file again changes nothing; last quarter's figures are unchanged after this quarter's import; a closed quarter
refuses any import."""

import pytest
from django.core.exceptions import ValidationError

from lienthong.readiness.models import SurveyRecord
from lienthong.readiness.services import period_close, survey_import
from lienthong.readiness.xlsx import survey_rows_from_xlsx
from tests.readiness.conftest import workbook

pytestmark = pytest.mark.django_db


def _spoil(sheet):
    sheet["D5"] = sheet["C5"].value * 2  # more smartphone owners than adults (row 5)
    sheet["A20"] = "99999"  # no such commune (row 20)
    sheet["F60"] = "nhiều"  # not a number (row 60)


def _snapshot(period):
    return sorted(
        SurveyRecord.objects.filter(period=period).values_list(
            "agency_id", "adults", "smartphone_owners", "households_broadband", "people_helped", "updated_at"
        )
    )


def test_92_rows_imported_and_the_3_errors_named(communes, quarters):
    _q3, q4 = quarters
    result = survey_import(period=q4, rows=survey_rows_from_xlsx(workbook(communes, edit=_spoil)))

    assert (result.created, result.updated, result.unchanged) == (92, 0, 0)
    assert SurveyRecord.objects.filter(period=q4).count() == 92
    assert [e.row for e in result.errors] == [5, 20, 60]
    messages = [str(e) for e in result.errors]
    assert "Số người có điện thoại thông minh" in messages[0] and "lớn hơn" in messages[0]
    assert "mã xã “99999” không có trong danh mục" in messages[1]
    assert "không phải số nguyên (“nhiều”)" in messages[2]


def test_importing_the_same_file_again_changes_nothing(communes, quarters):
    _q3, q4 = quarters
    data = workbook(communes, edit=_spoil)
    survey_import(period=q4, rows=survey_rows_from_xlsx(data))
    before = _snapshot(q4)

    again = survey_import(period=q4, rows=survey_rows_from_xlsx(data))

    assert (again.created, again.updated, again.unchanged, len(again.errors)) == (0, 0, 92, 3)
    assert _snapshot(q4) == before


def test_last_quarter_is_unchanged_by_this_quarters_import_and_a_closed_quarter_refuses(communes, quarters):
    q3, q4 = quarters
    survey_import(period=q3, rows=survey_rows_from_xlsx(workbook(communes)))
    period_close(period=q3)
    last_quarter = _snapshot(q3)

    result = survey_import(period=q4, rows=survey_rows_from_xlsx(workbook(communes, scale=2)))

    assert result.created == 95 and not result.errors
    assert _snapshot(q3) == last_quarter
    with pytest.raises(ValidationError, match="đã khóa sổ"):
        survey_import(period=q3, rows=survey_rows_from_xlsx(workbook(communes, scale=2)))
    assert _snapshot(q3) == last_quarter


def test_a_file_without_a_needed_column_is_refused_whole(communes, quarters):
    def drop(sheet):
        sheet.delete_cols(3)

    with pytest.raises(ValidationError, match="Thiếu cột: Số người trưởng thành"):
        survey_rows_from_xlsx(workbook(communes, edit=drop))
    with pytest.raises(ValidationError, match="không phải bảng tính Excel"):
        survey_rows_from_xlsx(b"%PDF-1.4 not a workbook")
