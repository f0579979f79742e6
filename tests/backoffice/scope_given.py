"""Givens for the scope tests (issue 3, items 5 and 7): a neighbouring commune with its own desk, committee and
officers, dossiers walked to a state through the real services, signed-in clients and a snapshot of everything an
action could change."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from lienthong.dossiers import services
from lienthong.dossiers.constants import Channel, StepKind, StepState
from lienthong.dossiers.models import Attachment, Dossier, DossierEvent, StepInstance
from lienthong.dossiers.services.files import attachment_add
from lienthong.org.constants import AgencyKind, Level, Role, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency, OfficerRole
from tests.backoffice.web_given import PDF
from tests.dossiers.conftest import REFORM

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# A Tuesday morning with three working days ahead: deadlines, apology lead times and the clock are all ordinary.
TUESDAY_MORNING = dt.datetime(2026, 3, 10, 8, 30, tzinfo=HCM)
HOA = services.Applicant(name="Nguyễn Thị Hoa", id_number="075190001234", phone="0912345678",
                         address="Phường Trấn Biên, Đồng Nai")  # fmt: skip
FORM = {"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "1990-05-17", "so_dinh_danh": "075190001234"}
DESK = "receiver@commune_centre"


@pytest.fixture
def neighbours(province):
    """Another commune of the province, Phường Long Bình, with its own committee and service centre, whose
    officers (`<role>@other_committee`, `<role>@other_centre`, every role) have nothing to do with Trấn Biên."""
    commune = AdministrativeUnit.objects.create(
        code="26068", name="Phường Long Bình", level=Level.COMMUNE, kind=UnitKind.WARD, parent=province["unit"],
        valid_from=REFORM,
    )  # fmt: skip
    committee = Agency.objects.create(identifier_code="000.00.89.H19", name="UBND phường Long Bình",
                                      kind=AgencyKind.PEOPLES_COMMITTEE, level=Level.COMMUNE, unit=commune)  # fmt: skip
    centre = Agency.objects.create(identifier_code="000.00.88.H19", name="TTPVHCC phường Long Bình",
                                   kind=AgencyKind.SERVICE_CENTRE, level=Level.COMMUNE, unit=commune,
                                   parent=committee)  # fmt: skip
    agencies = {"other_committee": committee, "other_centre": centre}
    users = {}
    for key, agency in agencies.items():
        for role in Role.values:
            user = get_user_model().objects.create_user(f"{role}.{key}", password="mat-khau-dai-123")
            OfficerRole.objects.create(user=user, agency=agency, role=role)
            users[f"{role}@{key}"] = user
    return {"unit": commune, **agencies, "officers": users}


def as_officer(user) -> Client:
    """A client signed in as `user` (the login page itself is covered by the intake-to-return test)."""
    client = Client()
    client.force_login(user)
    return client


# -- dossiers, walked through the real services -------------------------------------------------------------------


def receive(province, officers, procedure, *, desk: str = DESK, agency=None, scan: bool = True) -> Dossier:
    """Nguyễn Thị Hoa's land registration received at `desk`'s agency, with a scan of her application."""
    agency = agency or province[desk.split("@")[1]]
    mandatory = set(procedure.documents.filter(is_mandatory=True).values_list("pk", flat=True))
    dossier = services.dossier_receive(officer=officers[desk], agency=agency, version=procedure,
                                       channel=Channel.COUNTER, applicant=HOA, form_data=FORM,
                                       documents_present=mandatory)  # fmt: skip
    if scan:
        upload = ContentFile(PDF, name="don-dang-ky.pdf")
        attachment_add(officer=officers[desk], dossier=dossier, upload=upload,
                       required_document=procedure.documents.get(position=1))  # fmt: skip
    return dossier


def submitted(province, procedure) -> Dossier:
    return services.dossier_submit_online(agency=province["commune_centre"], version=procedure,
                                          channel=Channel.OWN_PORTAL, applicant=HOA, form_data=FORM)  # fmt: skip


def active(dossier: Dossier, name: str, kind: str = StepKind.STEP) -> StepInstance:
    return StepInstance.objects.get(dossier=dossier, name__startswith=name, state=StepState.ACTIVE, kind=kind)


def complete(officers, dossier: Dossier, who: str, step: str, *, approve: bool = False) -> Dossier:
    services.dossier_complete_step(officer=officers[who], dossier=dossier, step_instance=active(dossier, step),
                                   note="Đạt", approve=approve)  # fmt: skip
    return Dossier.objects.get(pk=dossier.pk)


def forward_from_desk(officers, dossier: Dossier, desk: str = DESK) -> Dossier:
    return services.dossier_forward(officer=officers[desk], dossier=dossier)


def forwarded(province, officers, procedure) -> Dossier:
    """At the committee's step "Xác nhận hiện trạng"."""
    return forward_from_desk(officers, receive(province, officers, procedure))


def at_department(province, officers, procedure) -> Dossier:
    """At the department's two parallel steps "Thẩm định" and "Xác định nghĩa vụ tài chính"."""
    return complete(officers, forwarded(province, officers, procedure), "specialist@committee", "Xác nhận")


def at_approval(province, officers, procedure) -> Dossier:
    """At the department leader's "Phê duyệt"."""
    dossier = at_department(province, officers, procedure)
    dossier = complete(officers, dossier, "specialist@department", "Thẩm định")
    return complete(officers, dossier, "specialist@department", "Xác định nghĩa vụ")


def result_ready(province, officers, procedure) -> Dossier:
    dossier = at_approval(province, officers, procedure)
    return complete(officers, dossier, "leader@department", "Phê duyệt", approve=True)


def consulted(province, officers, procedure) -> Dossier:
    """At the department, which asked the committee's opinion on its appraisal."""
    dossier = at_department(province, officers, procedure)
    services.dossier_consult(officer=officers["specialist@department"], dossier=dossier,
                             step_instance=active(dossier, "Thẩm định"), agencies=[province["committee"]],
                             question="Ranh giới thửa đất có tranh chấp không?")  # fmt: skip
    return dossier


def supplement_requested(province, officers, procedure) -> Dossier:
    dossier = receive(province, officers, procedure)
    return services.dossier_request_supplement(officer=officers[DESK], dossier=dossier, missing=["Sổ hộ khẩu"],
                                               note="")  # fmt: skip


def financial_obligation(province, officers, procedure) -> Dossier:
    dossier = forwarded(province, officers, procedure)
    return services.dossier_request_financial_obligation(
        officer=officers["specialist@committee"], dossier=dossier, items=[{"name": "Lệ phí", "amount": 100000}]
    )


# -- what an action could change ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """Everything of a dossier an action writes: its row, its events, its steps and its files."""

    dossier: tuple
    events: tuple
    steps: tuple
    attachments: tuple

    @classmethod
    def of(cls, dossier: Dossier) -> "Snapshot":
        row = Dossier.objects.filter(pk=dossier.pk).values_list("status", "due_at", "apology_count", "agency_id")
        return cls(
            dossier=tuple(row.get()),
            events=tuple(DossierEvent.objects.filter(dossier=dossier).order_by("seq").values_list("seq", "kind")),
            steps=tuple(
                StepInstance.objects.filter(dossier=dossier)
                .order_by("id")
                .values_list("id", "state", "assignee_id", "agency_id")
            ),
            attachments=tuple(Attachment.objects.filter(dossier=dossier).order_by("id").values_list("id", flat=True)),
        )


def dossier_url(dossier: Dossier) -> str:
    return reverse("backoffice:dossier", args=[dossier.pk])


def action_url(dossier: Dossier, name: str) -> str:
    return reverse("backoffice:action", args=[dossier.pk, name])
