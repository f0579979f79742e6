"""Givens for the find tests: a small published catalogue (birth and death registration, a construction permit
crossing province and commune, a certification done only at the desk), a fresh cache for every test, and helpers
to read the pages."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from lienthong.catalogue.models import (
    CompetentAuthority,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)
from lienthong.dossiers.models import Dossier
from lienthong.org.constants import AgencyKind, Level, Role

SEARCH = "/thu-tuc/"
BIRTH = "1.001193"
DEATH = "1.000656"
PERMIT = "1.013225"
CERTIFY = "2.000815"
TEMPLATE_BYTES = b"PK\x03\x04 to khai dang ky khai sinh"


@pytest.fixture(autouse=True)
def fresh_find_cache():
    """The home page and the search form cache the catalogue's shape; each test starts from an empty cache."""
    cache.clear()
    yield
    cache.clear()


def version(code: str, field: Field, name: str, **values) -> ProcedureVersion:
    procedure, _created = Procedure.objects.get_or_create(national_code=code, defaults={"field": field})
    defaults = {
        "decision": "Quyết định 1234/QĐ-UBND",
        "time_limit_unit": "working_days",
        "time_limit_value": Decimal(3),
        "online_level": "partial",
    }
    return ProcedureVersion.objects.create(procedure=procedure, name=name, **(defaults | values))


def commune_committee(v: ProcedureVersion) -> None:
    CompetentAuthority.objects.create(version=v, level=Level.COMMUNE, agency_kind=AgencyKind.PEOPLES_COMMITTEE)


@pytest.fixture
def catalogue(province):
    """Four procedures in force, plus the replaced version of birth registration, which nobody should see."""
    civil = Field.objects.create(code="H19-HOTICH", name="Hộ tịch")
    building = Field.objects.create(code="H19-XAYDUNG", name="Hoạt động xây dựng")
    certification = Field.objects.create(code="H19-CHUNGTHUC", name="Chứng thực")

    version(BIRTH, civil, "Đăng ký khai sinh (thủ tục cũ)", decision="QĐ 1/2020", is_current=False)
    birth = version(
        BIRTH, civil, "Đăng ký khai sinh", time_limit_unit="immediate", time_limit_value=None, online_level="full",
        time_limit_note="Nếu nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
        legal_basis="Luật Hộ tịch số 60/2014/QH13, Điều 16;\nNghị định số 123/2015/NĐ-CP.",
        submission_methods="Trực tiếp tại Bộ phận Một cửa; qua dịch vụ bưu chính công ích; trực tuyến",
        applicant_types="Công dân Việt Nam", result_type="Giấy khai sinh (bản chính)",
    )  # fmt: skip
    commune_committee(birth)
    form = RequiredDocument.objects.create(
        version=birth, position=1, name="Tờ khai đăng ký khai sinh", copy_kind="original",
        template_name="Tờ khai đăng ký khai sinh (Mẫu TT04/2020)",
    )  # fmt: skip
    form.template_file.save("to-khai-dang-ky-khai-sinh.docx", ContentFile(TEMPLATE_BYTES))
    RequiredDocument.objects.create(version=birth, position=2, name="Giấy chứng sinh", copy_kind="original_or_copy")
    RequiredDocument.objects.create(
        version=birth, position=3, name="Văn bản ủy quyền", copy_kind="certified_copy", quantity=2,
        is_mandatory=False, template_name="Mẫu giấy ủy quyền",
    )  # fmt: skip
    Fee.objects.create(version=birth, name="Lệ phí đăng ký khai sinh", amount=0, description="Miễn lệ phí nếu đúng hạn")
    Fee.objects.create(version=birth, name="Phí cấp bản sao trích lục", amount=8000, description="Mỗi bản sao")
    ProcessStep.objects.create(
        version=birth, position=1, name="Tiếp nhận hồ sơ", level=Level.COMMUNE,
        agency_kind=AgencyKind.SERVICE_CENTRE, role=Role.RECEIVER, actions=["receive"], quota_hours=Decimal("0.5"),
    )  # fmt: skip
    ProcessStep.objects.create(
        version=birth, position=2, name="Công chức tư pháp – hộ tịch thẩm định", level=Level.COMMUNE,
        agency_kind=AgencyKind.PEOPLES_COMMITTEE, role=Role.SPECIALIST, actions=["process"], quota_hours=Decimal(2),
    )  # fmt: skip

    death = version(DEATH, civil, "Đăng ký khai tử", online_level="full")
    commune_committee(death)

    permit = version(PERMIT, building, "Cấp giấy phép xây dựng mới", time_limit_value=Decimal(20))
    CompetentAuthority.objects.create(version=permit, level=Level.PROVINCE, agency=province["department"])
    commune_committee(permit)
    Fee.objects.create(version=permit, name="Lệ phí cấp giấy phép xây dựng", amount=150000)
    ProcessStep.objects.create(
        version=permit, position=1, name="Thẩm định hồ sơ", level=Level.PROVINCE, agency=province["department"],
        role=Role.SPECIALIST, actions=["process"], quota_hours=Decimal("7.5"),
    )  # fmt: skip

    certify = version(CERTIFY, certification, "Chứng thực bản sao từ bản chính", online_level="offline")
    commune_committee(certify)
    return {"birth": birth, "death": death, "permit": permit, "certify": certify, "form": form}


def codes_found(response) -> list[str]:
    """The national codes listed on a search page, in order."""
    return re.findall(r'href="/thu-tuc/([\d.]+)/"', response.content.decode())


def text_of(response) -> str:
    """The page's main content as plain text, spaces collapsed, as a screen reader would meet it."""
    page = response.content.decode()
    main = page.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))).strip()


def received_dossiers(v: ProcedureVersion, agency, count: int, received_at: dt.datetime) -> None:
    """History rows for usage counts only: a read model needs rows, not the lifecycle that made them."""
    Dossier.objects.bulk_create(
        Dossier(
            agency=agency,
            procedure_version=v,
            channel="counter",
            status="returned",
            applicant_kind="citizen",
            applicant_name="Nguyễn Văn A",
            applicant_name_folded="nguyen van a",
            received_at=received_at,
        )  # fmt: skip
        for _ in range(count)
    )
