"""Shared fixtures: a province with agencies, and a realistic catalogue as plain data for `catalogue_import`."""

import copy
import datetime as dt
from decimal import Decimal

import pytest

from lienthong.catalogue.models import (
    CompetentAuthority,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)
from lienthong.org.constants import AgencyKind, Level, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency

CATALOGUE_MODELS = (Field, Procedure, ProcedureVersion, CompetentAuthority, RequiredDocument, Fee, ProcessStep)

BIRTH_FORM = {
    "type": "object",
    "title": "Tờ khai đăng ký khai sinh",
    "required": ["ho_ten_tre", "ngay_sinh"],
    "properties": {
        "ho_ten_tre": {"type": "string", "title": "Họ, chữ đệm, tên người được khai sinh", "maxLength": 100},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày, tháng, năm sinh"},
        "gioi_tinh": {"type": "string", "enum": ["Nam", "Nữ"]},
    },
}


@pytest.fixture
def agencies(db):
    province = AdministrativeUnit.objects.create(
        code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE, kind=UnitKind.PROVINCE, valid_from=dt.date(2025, 7, 1)
    )
    commune = AdministrativeUnit.objects.create(
        code="26041",
        name="Phường Trấn Biên",
        level=Level.COMMUNE,
        kind=UnitKind.WARD,
        parent=province,
        valid_from=dt.date(2025, 7, 1),
    )
    rows = [
        ("000.00.01.H19", "Sở Tư pháp", AgencyKind.DEPARTMENT, Level.PROVINCE, province),
        ("000.00.02.H19", "Sở Xây dựng", AgencyKind.DEPARTMENT, Level.PROVINCE, province),
        ("000.30.01.H19", "UBND phường Trấn Biên", AgencyKind.PEOPLES_COMMITTEE, Level.COMMUNE, commune),
    ]
    return {
        code: Agency.objects.create(identifier_code=code, name=name, kind=kind, level=level, unit=unit)
        for code, name, kind, level, unit in rows
    }


def table_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CATALOGUE_MODELS}


def _birth_registration(decision: str, decision_date: dt.date, *, is_current: bool, name: str) -> dict:
    return {
        "national_code": "1.001193",
        "field_code": "G09-TP-HT",
        "decision": decision,
        "decision_date": decision_date,
        "effective_from": decision_date + dt.timedelta(days=10),
        "is_current": is_current,
        "name": name,
        "time_limit_value": None,
        "time_limit_unit": "immediate",
        "time_limit_note": "Ngay sau khi nhận đủ giấy tờ; nếu nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.",
        "time_limit_verified": True,
        "result_type": "Giấy khai sinh (bản chính)",
        "online_level": "full",
        "legal_basis": "Luật Hộ tịch số 60/2014/QH13, Điều 16;\nNghị định 123/2015/NĐ-CP.",
        "submission_methods": "Trực tiếp; trực tuyến; bưu chính công ích",
        "applicant_types": "Công dân Việt Nam",
        "form_schema": BIRTH_FORM,
        "authorities": [{"level": "commune", "agency_code": None, "agency_kind": "peoples_committee"}],
        "documents": [
            {
                "position": 1,
                "code": "TK-KS",
                "name": "Tờ khai đăng ký khai sinh",
                "copy_kind": "original",
                "quantity": 1,
                "is_mandatory": True,
                "template_name": "Mẫu TT04/2020 — Tờ khai đăng ký khai sinh",
                "note": "",
            },
            {
                "position": 2,
                "code": "",
                "name": "Giấy chứng sinh",
                "copy_kind": "original_or_copy",
                "quantity": 1,
                "is_mandatory": True,
                "template_name": "",
                "note": "Nếu không có, thay bằng văn bản của người làm chứng.",
            },
        ],
        "fees": [
            {
                "name": "Lệ phí đăng ký khai sinh",
                "amount": None,
                "description": "Miễn lệ phí nếu đúng hạn",
                "verified": True,
            }
        ],
        "steps": [
            {
                "position": 1,
                "name": "Tiếp nhận hồ sơ",
                "level": "commune",
                "agency_code": None,
                "agency_kind": "peoples_committee",
                "role": "receiver",
                "actions": ["receive", "request_supplement", "refuse"],
                "quota_hours": Decimal("0.5"),
                "parallel_group": None,
            },
            {
                "position": 2,
                "name": "Công chức tư pháp – hộ tịch thẩm định",
                "level": "commune",
                "agency_code": None,
                "agency_kind": "peoples_committee",
                "role": "specialist",
                "actions": ["process", "send_back"],
                "quota_hours": Decimal("1.25"),
                "parallel_group": None,
            },
            {
                "position": 3,
                "name": "Chủ tịch UBND ký giấy khai sinh",
                "level": "commune",
                "agency_code": "000.30.01.H19",
                "agency_kind": "",
                "role": "leader",
                "actions": ["approve", "sign", "return_result"],
                "quota_hours": Decimal("2"),
                "parallel_group": None,
            },
        ],
    }


def _construction_permit() -> dict:
    return {
        "national_code": "1.013225",
        "field_code": "G09-XD-01",
        "decision": "Quyết định 1234/QĐ-UBND",
        "decision_date": dt.date(2025, 9, 12),
        "effective_from": None,
        "is_current": True,
        "name": "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
        "time_limit_value": Decimal("20"),
        "time_limit_unit": "working_days",
        "time_limit_note": "",
        "time_limit_verified": False,
        "result_type": "Giấy phép xây dựng",
        "online_level": "partial",
        "legal_basis": "Luật Xây dựng 2014, sửa đổi 2020",
        "submission_methods": "",
        "applicant_types": "Tổ chức, cá nhân",
        "form_schema": {},
        "authorities": [
            {"level": "province", "agency_code": "000.00.02.H19", "agency_kind": ""},
            {"level": "commune", "agency_code": None, "agency_kind": "peoples_committee"},
        ],
        "documents": [
            {
                "position": 1,
                "code": "DON-GPXD",
                "name": "Đơn đề nghị cấp giấy phép xây dựng",
                "copy_kind": "original",
                "quantity": 1,
                "is_mandatory": True,
                "template_name": "Mẫu số 01 Phụ lục II Nghị định 175/2024",
                "note": "",
            },
            {
                "position": 2,
                "code": "",
                "name": "Bản vẽ thiết kế xây dựng",
                "copy_kind": "certified_copy",
                "quantity": 2,
                "is_mandatory": False,
                "template_name": "",
                "note": "",
            },
        ],
        "fees": [
            {"name": "Lệ phí cấp giấy phép xây dựng", "amount": 150000, "description": "", "verified": False},
            {"name": "Phí thẩm định", "amount": 0, "description": "Theo Nghị quyết HĐND tỉnh", "verified": False},
        ],
        "steps": [
            {
                "position": 1,
                "name": "Tiếp nhận tại Trung tâm Phục vụ hành chính công",
                "level": "province",
                "agency_code": None,
                "agency_kind": "service_centre",
                "role": "receiver",
                "actions": ["receive"],
                "quota_hours": Decimal("4"),
                "parallel_group": None,
            },
            {
                "position": 2,
                "name": "Lấy ý kiến cơ quan phòng cháy",
                "level": "province",
                "agency_code": "000.00.02.H19",
                "agency_kind": "",
                "role": "specialist",
                "actions": ["consult"],
                "quota_hours": Decimal("40.5"),
                "parallel_group": 1,
            },
            {
                "position": 3,
                "name": "Thẩm định hồ sơ",
                "level": "province",
                "agency_code": "000.00.02.H19",
                "agency_kind": "",
                "role": "specialist",
                "actions": ["process", "transfer"],
                "quota_hours": Decimal("80"),
                "parallel_group": 1,
            },
        ],
    }


def catalogue_data() -> dict:
    """Two fields, three procedures, four versions (birth registration re-announced), Vietnamese throughout."""
    return copy.deepcopy(
        {
            "fields": [
                {"code": "G09-TP-HT", "name": "Hộ tịch"},
                {"code": "G09-XD-01", "name": "Hoạt động xây dựng"},
                {"code": "G09-TP-CT", "name": "Chứng thực"},
            ],
            "procedures": [
                _birth_registration(
                    "Quyết định 1872/QĐ-BTP", dt.date(2020, 10, 5), is_current=False, name="Thủ tục đăng ký khai sinh"
                ),
                _birth_registration(
                    "Quyết định 2015/QĐ-UBND", dt.date(2025, 6, 30), is_current=True, name="Đăng ký khai sinh"
                ),
                _construction_permit(),
                {
                    **_construction_permit(),
                    "national_code": "2.000815",
                    "field_code": "G09-TP-CT",
                    "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
                    "time_limit_value": Decimal("0.5"),
                    "time_limit_unit": "working_days",
                    "authorities": [],
                    "documents": [],
                    "fees": [{"name": "Phí chứng thực", "amount": 2000, "description": "đ/trang", "verified": False}],
                    "steps": [],
                },
            ],
        }
    )


@pytest.fixture
def data(agencies):
    return catalogue_data()
