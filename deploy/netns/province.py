"""The small province the multi-host run loads (deploy/netns/multihost.py): one commune service centre, a desk
officer, a commune procedure received at the desk or by a connected system's API, and that system's key. Called
after `lienthong migrate` and `django.setup()` with the deployment's settings; returns what the load needs."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from lienthong.catalogue.models import Field, Procedure, ProcedureVersion, ProcessStep, RequiredDocument
from lienthong.gateway.constants import Scope, SystemKind
from lienthong.gateway.services.credentials import key_create, system_create
from lienthong.org.constants import AgencyKind, Level, Role, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency, OfficerRole

OFFICER, PASSWORD = "tiepnhan.tranbien", "mat-khau-dai-123"
MONITOR = "giamsat.tranbien"  # the ward's monitoring officer: reads the leaders' dashboard
REFORM = dt.date(2025, 7, 1)
FORM_SCHEMA = {
    "type": "object",
    "required": ["ho_ten", "ngay_sinh"],
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ và tên", "minLength": 2},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh"},
    },
}


def province_create() -> dict:
    province = AdministrativeUnit.objects.create(
        code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE, kind=UnitKind.PROVINCE, valid_from=REFORM
    )
    commune = AdministrativeUnit.objects.create(
        code="26041", name="Phường Trấn Biên", level=Level.COMMUNE, kind=UnitKind.WARD, parent=province,
        valid_from=REFORM,
    )  # fmt: skip
    committee = Agency.objects.create(
        identifier_code="000.00.99.H19", name="UBND phường Trấn Biên", kind=AgencyKind.PEOPLES_COMMITTEE,
        level=Level.COMMUNE, unit=commune,
    )  # fmt: skip
    centre = Agency.objects.create(
        identifier_code="000.00.98.H19", name="TTPVHCC phường Trấn Biên", kind=AgencyKind.SERVICE_CENTRE,
        level=Level.COMMUNE, unit=commune, parent=committee,
    )  # fmt: skip
    officer = get_user_model().objects.create_user(OFFICER, password=PASSWORD)
    OfficerRole.objects.create(user=officer, agency=centre, role=Role.RECEIVER)
    monitor = get_user_model().objects.create_user(MONITOR, password=PASSWORD)
    OfficerRole.objects.create(user=monitor, agency=committee, role=Role.MONITOR)
    version = ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(national_code="1.001193", field=Field.objects.create(code="H19-HOTICH",
                                                                                              name="Hộ tịch")),
        decision="QĐ 2/QĐ-UBND", name="Đăng ký khai sinh", time_limit_value=Decimal(1),
        time_limit_unit="working_days", online_level="full", form_schema=FORM_SCHEMA,
    )  # fmt: skip
    document = RequiredDocument.objects.create(
        version=version, position=1, name="Tờ khai đăng ký khai sinh", copy_kind="original"
    )
    for position, name, role, actions in [
        (1, "Tiếp nhận", Role.RECEIVER, ["receive"]),
        (2, "Xử lý và phê duyệt", Role.SPECIALIST, ["process", "approve"]),
        (3, "Trả kết quả", Role.RECEIVER, ["return_result"]),
    ]:
        ProcessStep.objects.create(version=version, position=position, name=name, level=Level.COMMUNE, agency=centre,
                                   role=role, actions=actions, quota_hours=Decimal(4))  # fmt: skip
    system = system_create(agency=centre, name="Một cửa phường Trấn Biên", kind=SystemKind.ONE_STOP, vendor="VNPT")
    token = key_create(system=system, scopes=Scope.values, actor_label="multihost").token
    return {
        "officer": OFFICER, "monitor": MONITOR, "password": PASSWORD, "agency_id": centre.pk, "version_id": version.pk,
        "document_id": document.pk, "procedure": "1.001193", "token": token,
    }  # fmt: skip
