"""Each bad case is refused with its exact location and column, in Vietnamese, and nothing at all is written —
not even the good rows that came with it."""

from decimal import Decimal

import pytest

from lienthong.catalogue.services import (
    CatalogueError,
    CatalogueImportError,
    catalogue_export_data,
    catalogue_import,
    catalogue_validate,
)
from tests.catalogue.conftest import table_counts

pytestmark = pytest.mark.django_db


def _set(path: tuple, value):
    def edit(data: dict) -> None:
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return edit


PERMIT = ("procedures", 2)
BAD_CASES = {
    "missing national code": (
        _set((*PERMIT, "national_code"), ""),
        CatalogueError("procedures[2]", "national_code", "Thiếu giá trị bắt buộc."),
    ),
    "missing field code in the field list": (
        _set(("fields", 2, "code"), ""),
        CatalogueError("fields[2]", "code", "Thiếu giá trị bắt buộc."),
    ),
    "unknown field": (
        _set((*PERMIT, "field_code"), "G99"),
        CatalogueError("procedures[2]", "field_code", "Mã lĩnh vực “G99” không có trong danh mục."),
    ),
    "negative time limit": (
        _set((*PERMIT, "time_limit_value"), Decimal("-1")),
        CatalogueError("procedures[2]", "time_limit_value", "Không được là số âm."),
    ),
    "time limit with three decimals": (
        _set((*PERMIT, "time_limit_value"), "0.125"),
        CatalogueError("procedures[2]", "time_limit_value", "Tối đa 2 chữ số thập phân."),
    ),
    "days without a time limit": (
        _set((*PERMIT, "time_limit_value"), None),
        CatalogueError("procedures[2]", "time_limit_value", "Cần nhập thời hạn giải quyết."),
    ),
    "negative step quota": (
        _set((*PERMIT, "steps", 1, "quota_hours"), -4),
        CatalogueError("procedures[2].steps[1]", "quota_hours", "Không được là số âm."),
    ),
    "unknown agency on a step": (
        _set((*PERMIT, "steps", 2, "agency_code"), "000.00.99.H19"),
        CatalogueError("procedures[2].steps[2]", "agency_code", "Mã cơ quan “000.00.99.H19” không tồn tại."),
    ),
    "unknown agency on an authority": (
        _set((*PERMIT, "authorities", 0, "agency_code"), "H19-XX"),
        CatalogueError("procedures[2].authorities[0]", "agency_code", "Mã cơ quan “H19-XX” không tồn tại."),
    ),
    "both an agency and a kind of agency": (
        _set((*PERMIT, "authorities", 0, "agency_kind"), "department"),
        CatalogueError(
            "procedures[2].authorities[0]",
            "agency_kind",
            "Chỉ ghi mã cơ quan hoặc loại cơ quan, không ghi cả hai.",
        ),
    ),
    "neither an agency nor a kind": (
        _set((*PERMIT, "steps", 0, "agency_kind"), ""),
        CatalogueError("procedures[2].steps[0]", "agency_code", "Cần ghi mã cơ quan hoặc loại cơ quan."),
    ),
    "bad online level": (
        _set((*PERMIT, "online_level"), "toan_trinh"),
        CatalogueError(
            "procedures[2]",
            "online_level",
            "Giá trị “toan_trinh” không hợp lệ; chọn một trong: full, partial, offline.",
        ),
    ),
    "bad copy kind": (
        _set((*PERMIT, "documents", 1, "copy_kind"), "photocopy"),
        CatalogueError(
            "procedures[2].documents[1]",
            "copy_kind",
            "Giá trị “photocopy” không hợp lệ; chọn một trong: original, copy, certified_copy, original_or_copy.",
        ),
    ),
    "unknown step action": (
        _set((*PERMIT, "steps", 0, "actions"), ["receive", "stamp"]),
        CatalogueError(
            "procedures[2].steps[0]",
            "actions",
            "Thao tác không hợp lệ: stamp; chọn trong: receive, assign, process, consult, approve, sign, send_back, "
            "transfer, request_supplement, refuse, return_result.",
        ),
    ),
    "form schema that is not an object": (
        _set((*PERMIT, "form_schema"), {"type": "array"}),
        CatalogueError("procedures[2]", "form_schema", 'Biểu mẫu phải có "type": "object".'),
    ),
    "form schema that is not a valid JSON Schema": (
        _set((*PERMIT, "form_schema"), {"type": "object", "properties": {"x": {"type": "chuỗi"}}}),
        CatalogueError(
            "procedures[2]",
            "form_schema",
            "JSON Schema không hợp lệ: 'chuỗi' is not valid under any of the given schemas",
        ),
    ),
    "duplicate document position": (
        _set((*PERMIT, "documents", 1, "position"), 1),
        CatalogueError("procedures[2].documents[1]", "position", "Thứ tự 1 bị trùng trong cùng phiên bản."),
    ),
    "name too long": (
        _set((*PERMIT, "name"), "x" * 501),
        CatalogueError("procedures[2]", "name", "Dài quá 500 ký tự."),
    ),
    "a date that is not a date": (
        _set((*PERMIT, "decision_date"), "31/02/2025"),
        CatalogueError("procedures[2]", "decision_date", "Ngày không hợp lệ."),
    ),
    "a misspelt key": (
        _set((*PERMIT, "fees", 0, "amout"), 100),
        CatalogueError("procedures[2].fees[0]", "amout", "Trường không được hỗ trợ."),
    ),
}


@pytest.fixture
def imported(data):
    """A catalogue already in the database, so 'nothing written' also means 'nothing changed'."""
    catalogue_import(data=data)
    return catalogue_export_data(), table_counts()


@pytest.mark.parametrize(("edit", "expected"), BAD_CASES.values(), ids=BAD_CASES.keys())
def test_a_bad_row_is_reported_precisely_and_nothing_is_written(data, imported, edit, expected):
    before, counts = imported
    # given good changes elsewhere in the same data, which must not be written either
    data["fields"].append({"code": "G09-NEW", "name": "Lĩnh vực mới"})
    data["procedures"][1]["name"] = "Đăng ký khai sinh (đã sửa)"
    edit(data)

    with pytest.raises(CatalogueImportError) as raised:
        catalogue_import(data=data)

    assert raised.value.errors == [expected]
    assert catalogue_export_data() == before and table_counts() == counts


def test_a_duplicate_version_is_reported_on_its_second_occurrence(data):
    data["procedures"].append({**data["procedures"][2], "name": "Bản trùng"})

    with pytest.raises(CatalogueImportError) as raised:
        catalogue_import(data=data)

    assert raised.value.errors == [
        CatalogueError("procedures[4]", "decision", "Thủ tục 1.013225 đã có phiên bản theo quyết định này ở trên.")
    ]
    assert table_counts()["Procedure"] == 0


def test_two_current_versions_of_one_procedure_are_refused(data):
    data["procedures"][0]["is_current"] = True

    errors = catalogue_validate(data=data)

    assert errors == [CatalogueError("procedures[1]", "is_current", "Một thủ tục chỉ có một phiên bản đang áp dụng.")]


def test_every_problem_is_reported_at_once(data):
    data["procedures"][0]["time_limit_unit"] = "weeks"
    data["procedures"][2]["time_limit_value"] = -3
    data["procedures"][3]["fees"][0]["amount"] = "hai nghìn"

    with pytest.raises(CatalogueImportError) as raised:
        catalogue_import(data=data)

    assert [(e.location, e.column) for e in raised.value.errors] == [
        ("procedures[0]", "time_limit_unit"),
        ("procedures[2]", "time_limit_value"),
        ("procedures[3].fees[0]", "amount"),
    ]
    assert str(raised.value.errors[1]) == "procedures[2] (time_limit_value): Không được là số âm."
    assert all(count == 0 for count in table_counts().values())
