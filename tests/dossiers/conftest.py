"""A small province for lifecycle tests: a provincial service centre and department, a commune, officers by role,
and a procedure that crosses from the commune to the province and back."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from lienthong.catalogue.models import Field, Procedure, ProcedureVersion, ProcessStep, RequiredDocument
from lienthong.dossiers.services import Applicant
from lienthong.org.constants import AgencyKind, Level, Role, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency, OfficerRole

REFORM = dt.date(2025, 7, 1)
FORM_SCHEMA = {
    "type": "object",
    "required": ["ho_ten", "ngay_sinh"],
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ và tên", "minLength": 2},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh"},
        "so_dinh_danh": {"type": "string", "pattern": "^[0-9]{12}$"},
    },
}


def _agency(code: str, name: str, kind: str, level: str, unit: AdministrativeUnit, parent=None) -> Agency:
    return Agency.objects.create(identifier_code=code, name=name, kind=kind, level=level, unit=unit, parent=parent)


@pytest.fixture
def province(db):
    province = AdministrativeUnit.objects.create(
        code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE, kind=UnitKind.PROVINCE, valid_from=REFORM
    )
    commune = AdministrativeUnit.objects.create(
        code="26041", name="Phường Trấn Biên", level=Level.COMMUNE, kind=UnitKind.WARD, parent=province,
        valid_from=REFORM,
    )  # fmt: skip
    committee = _agency("000.00.99.H19", "UBND phường Trấn Biên", AgencyKind.PEOPLES_COMMITTEE, Level.COMMUNE, commune)
    return {
        "unit": province,
        "commune": commune,
        "centre": _agency("000.00.01.H19", "TTPVHCC tỉnh", AgencyKind.SERVICE_CENTRE, Level.PROVINCE, province),
        "department": _agency("000.00.03.H19", "Sở Nông nghiệp và Môi trường", AgencyKind.DEPARTMENT, Level.PROVINCE,
                              province),
        "committee": committee,
        "commune_centre": _agency("000.00.98.H19", "TTPVHCC phường Trấn Biên", AgencyKind.SERVICE_CENTRE,
                                  Level.COMMUNE, commune, parent=committee),
    }  # fmt: skip


@pytest.fixture
def officers(province):
    """`<role>@<agency key>` → a user holding that role there."""
    users = {}
    for key in ("centre", "department", "committee", "commune_centre"):
        for role in Role.values:
            user = get_user_model().objects.create_user(f"{role}.{key}", password="mat-khau-dai-123")
            OfficerRole.objects.create(user=user, agency=province[key], role=role)
            users[f"{role}@{key}"] = user
    return users


@pytest.fixture
def procedure(province):
    """A land procedure: commune desk → commune check → provincial department (with a parallel consult) →
    back to the commune desk; 3 working days."""
    field = Field.objects.create(code="H19-DATDAI", name="Đất đai")
    version = ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(national_code="1.012753", field=field),
        decision="QĐ 1/QĐ-UBND", name="Đăng ký đất đai lần đầu", time_limit_value=Decimal(3),
        time_limit_unit="working_days", online_level="partial", form_schema=FORM_SCHEMA,
    )  # fmt: skip
    RequiredDocument.objects.create(version=version, position=1, name="Đơn đăng ký", copy_kind="original")
    RequiredDocument.objects.create(version=version, position=2, name="Giấy tờ về quyền sử dụng đất",
                                    copy_kind="copy")  # fmt: skip
    RequiredDocument.objects.create(version=version, position=3, name="Văn bản ủy quyền", copy_kind="original",
                                    is_mandatory=False)  # fmt: skip
    steps = [
        (1, "Tiếp nhận", Level.COMMUNE, None, AgencyKind.SERVICE_CENTRE, Role.RECEIVER, ["receive"], 2, None),
        (2, "Xác nhận hiện trạng", Level.COMMUNE, None, AgencyKind.PEOPLES_COMMITTEE, Role.SPECIALIST,
         ["process", "send_back", "transfer"], 6, None),
        (3, "Thẩm định", Level.PROVINCE, province["department"], "", Role.SPECIALIST, ["process", "consult"], 7.5, 1),
        (4, "Xác định nghĩa vụ tài chính", Level.PROVINCE, province["department"], "", Role.SPECIALIST, ["process"],
         7.5, 1),
        (5, "Phê duyệt", Level.PROVINCE, province["department"], "", Role.LEADER, ["approve", "send_back"], 4, None),
        (6, "Trả kết quả", Level.COMMUNE, None, AgencyKind.SERVICE_CENTRE, Role.RECEIVER, ["return_result"], 1.5, None),
    ]  # fmt: skip
    for position, name, level, agency, kind, role, actions, quota, group in steps:
        ProcessStep.objects.create(
            version=version, position=position, name=name, level=level, agency=agency, agency_kind=kind, role=role,
            actions=actions, quota_hours=Decimal(str(quota)), parallel_group=group,
        )  # fmt: skip
    return version


@pytest.fixture
def documents(procedure):
    """Ids of the mandatory documents, as a desk officer ticks them."""
    return {doc.pk for doc in procedure.documents.filter(is_mandatory=True)}


@pytest.fixture
def applicant():
    return Applicant(name="Nguyễn Thị Hoa", id_number="075190001234", phone="0912345678", email="hoa@example.vn",
                     address="Phường Trấn Biên, Đồng Nai")  # fmt: skip


@pytest.fixture
def form_data():
    return {"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "1990-05-17", "so_dinh_danh": "075190001234"}


@pytest.fixture
def assigning_procedure(province):
    """A provincial procedure whose department leader assigns the work (as the demo's "tinh_so" process): the
    provincial desk → "Phân công xử lý" (leader) → "Thẩm định" (specialist) beside "Xác minh" at the commune
    committee → "Lập kết quả" (specialist) → "Phê duyệt" (leader) → back to the desk; 5 working days."""
    field = Field.objects.create(code="H19-TUPHAP", name="Tư pháp")
    version = ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(national_code="2.000488", field=field),
        decision="QĐ 2/QĐ-UBND", name="Cấp Phiếu lý lịch tư pháp", time_limit_value=Decimal(5),
        time_limit_unit="working_days", online_level="partial", form_schema=FORM_SCHEMA,
    )  # fmt: skip
    RequiredDocument.objects.create(version=version, position=1, name="Tờ khai", copy_kind="original")
    department, centre = province["department"], province["centre"]
    steps = [
        (1, "Tiếp nhận", centre, Role.RECEIVER, ["receive"], 2, None),
        (2, "Phân công xử lý", department, Role.LEADER, ["assign"], 2, None),
        (3, "Thẩm định", department, Role.SPECIALIST, ["process", "consult"], 8, 1),
        (4, "Xác minh", province["committee"], Role.SPECIALIST, ["process"], 8, 1),
        (5, "Lập kết quả", department, Role.SPECIALIST, ["process", "send_back"], 6, None),
        (6, "Phê duyệt", department, Role.LEADER, ["approve", "sign", "send_back"], 4, None),
        (7, "Trả kết quả", centre, Role.RECEIVER, ["return_result"], 2, None),
    ]
    for position, name, agency, role, actions, quota, group in steps:
        ProcessStep.objects.create(
            version=version, position=position, name=name, level=agency.level, agency=agency, role=role,
            actions=actions, quota_hours=Decimal(quota), parallel_group=group,
        )  # fmt: skip
    return version
