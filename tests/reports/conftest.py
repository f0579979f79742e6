"""The lifecycle tests' small province, a short procedure at the commune desk, and helpers that move a dossier
through the real services and deliver the outbox as the worker would."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lienthong.catalogue.models import Fee, Field, Procedure, ProcedureVersion, ProcessStep, RequiredDocument
from lienthong.core.models import Rule
from lienthong.dossiers.constants import Channel, ResultDelivery
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.rules import MAX_SUPPLEMENT_REQUESTS
from lienthong.dossiers.services import (
    dossier_complete_step,
    dossier_forward,
    dossier_receive,
    dossier_receive_submitted,
    dossier_refuse,
    dossier_request_supplement,
    dossier_return,
    dossier_submit_online,
    dossier_supplement_received,
)
from lienthong.dossiers.tasks import outbox_dispatch
from lienthong.org.constants import AgencyKind, Level, Role
from tests.dossiers.conftest import applicant, form_data, officers, province  # noqa: F401 — fixtures

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, *, month: int = 3) -> dt.datetime:
    """An instant in 2026, Viet Nam time (March 2026 has no holiday)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HCM)


@pytest.fixture
def quick(province):  # noqa: F811
    """A 2-working-day procedure handled wholly at the commune service centre, with a fee of 50,000 đồng."""
    field = Field.objects.create(code="H19-HOTICH", name="Hộ tịch")
    version = ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(national_code="1.001193", field=field),
        decision="QĐ 3/QĐ-UBND", name="Đăng ký khai sinh", time_limit_value=Decimal(2),
        time_limit_unit="working_days", online_level="full",
    )  # fmt: skip
    RequiredDocument.objects.create(version=version, position=1, name="Tờ khai", copy_kind="original")
    Fee.objects.create(version=version, name="Lệ phí", amount=50_000, verified=True)
    steps = [
        (1, "Tiếp nhận", Role.RECEIVER, ["receive"]),
        (2, "Xử lý", Role.SPECIALIST, ["process"]),
        (3, "Trả kết quả", Role.RECEIVER, ["return_result"]),
    ]
    for position, name, role, actions in steps:
        ProcessStep.objects.create(
            version=version, position=position, name=name, level=Level.COMMUNE, agency_kind=AgencyKind.SERVICE_CENTRE,
            role=role, actions=actions, quota_hours=Decimal(4),
        )  # fmt: skip
    return version


def deliver() -> None:
    """Run the outbox until nothing more is due, as the worker would."""
    while outbox_dispatch.call():
        pass


class Walk:
    """Moves dossiers of `quick` through the real services at given instants; each step ends with a delivery."""

    def __init__(self, *, desk, users, version, person, form):
        self.desk = desk
        self.receiver, self.specialist = users["receiver@commune_centre"], users["specialist@commune_centre"]
        self.version, self.applicant, self.form_data = version, person, form
        self.documents = {doc.pk for doc in version.documents.all()}

    def _at(self, when, action, *, deliver_now: bool = True):
        with time_machine.travel(when, tick=False):
            result = action()
            if deliver_now:
                deliver()
        return result

    def receive(self, when, **kw) -> Dossier:
        return self._at(when, lambda: dossier_receive(
            officer=self.receiver, agency=self.desk, version=self.version, channel=Channel.COUNTER,
            applicant=self.applicant, form_data=self.form_data, documents_present=self.documents), **kw)  # fmt: skip

    def submit(self, when, **kw) -> Dossier:
        return self._at(when, lambda: dossier_submit_online(
            agency=self.desk, version=self.version, channel=Channel.OWN_PORTAL, applicant=self.applicant,
            form_data=self.form_data), **kw)  # fmt: skip

    def receive_submitted(self, dossier, when, **kw) -> Dossier:
        return self._at(when, lambda: dossier_receive_submitted(
            officer=self.receiver, dossier=self._fresh(dossier), documents_present=self.documents), **kw)  # fmt: skip

    def supplement(self, dossier, when, **kw) -> Dossier:
        return self._at(when, lambda: dossier_request_supplement(
            officer=self.receiver, dossier=self._fresh(dossier), missing=["Tờ khai"], note=""), **kw)  # fmt: skip

    def supplement_received(self, dossier, when, **kw) -> Dossier:
        return self._at(when, lambda: dossier_supplement_received(
            officer=self.receiver, dossier=self._fresh(dossier)), **kw)  # fmt: skip

    def refuse(self, dossier, when, **kw) -> Dossier:
        return self._at(when, lambda: dossier_refuse(
            officer=self.receiver, dossier=self._fresh(dossier), reason="Không thuộc thẩm quyền"), **kw)  # fmt: skip

    def forward(self, dossier, when, **kw) -> Dossier:
        return self._at(when, lambda: dossier_forward(officer=self.receiver, dossier=self._fresh(dossier)), **kw)

    def finish(self, dossier, when, **kw) -> Dossier:
        """The specialist completes the processing step: the result is ready at the desk."""
        dossier = self._fresh(dossier)
        step = dossier.steps.get(state="active")
        return self._at(when, lambda: dossier_complete_step(
            officer=self.specialist, dossier=dossier, step_instance=step), **kw)  # fmt: skip

    def give_back(self, dossier, when, *, electronic: bool = False, **kw) -> Dossier:
        dossier = self._fresh(dossier)
        if electronic:
            Attachment.objects.create(
                dossier=dossier,
                kind=Attachment.Kind.RESULT,
                original_name="kq.pdf",
                file="ket-qua/kq.pdf",
                signed_at=when,  # as the leader's approval leaves it (an electronic return needs it: tests/signing)
            )
        delivery = ResultDelivery.ELECTRONIC if electronic else ResultDelivery.AT_DESK
        return self._at(when, lambda: dossier_return(
            officer=self.receiver, dossier=self._fresh(dossier), delivery=delivery), **kw)  # fmt: skip

    @staticmethod
    def _fresh(dossier: Dossier) -> Dossier:
        return Dossier.objects.get(pk=dossier.pk)


@pytest.fixture
def walk(province, officers, quick, applicant, form_data) -> Walk:  # noqa: F811
    return Walk(desk=province["commune_centre"], users=officers, version=quick, person=applicant, form=form_data)


@pytest.fixture
def two_supplements_allowed(db):
    """A province that lets the desk ask twice (the law says once; the 766 index then counts the dossier late)."""
    Rule.objects.create(key=MAX_SUPPLEMENT_REQUESTS, value=2)


@pytest.fixture
def november(db):
    """A province scored for November 2026 from three dossier facts (no catalogue nor PAKN figures): the
    department's two — one on time, one late — and the commune's one, still open at the month's end and judged
    late then. Returns the agencies by role and the facts by name."""
    from lienthong.dossiers.constants import Status
    from lienthong.org.constants import UnitKind
    from lienthong.org.models import AdministrativeUnit, Agency
    from lienthong.reports.models import DossierFact

    reform = dt.date(2025, 7, 1)
    place = AdministrativeUnit.objects.create(
        code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE, kind=UnitKind.PROVINCE, valid_from=reform
    )
    ward = AdministrativeUnit.objects.create(
        code="26041", name="Phường Trấn Biên", level=Level.COMMUNE, kind=UnitKind.WARD, parent=place,
        valid_from=reform,
    )  # fmt: skip

    def agency(code, name, kind, level, unit, parent=None):
        return Agency.objects.create(identifier_code=code, name=name, kind=kind, level=level, unit=unit, parent=parent)

    committee = agency("000.00.00.H19", "UBND tỉnh Đồng Nai", AgencyKind.PEOPLES_COMMITTEE, Level.PROVINCE, place)
    department = agency("000.00.12.H19", "Sở Tư pháp", AgencyKind.DEPARTMENT, Level.PROVINCE, place, committee)
    commune = agency(
        "000.01.30.H19", "UBND phường Trấn Biên", AgencyKind.PEOPLES_COMMITTEE, Level.COMMUNE, ward, committee
    )

    def fact(dossier_id, agency, *, received, due, ended=None):
        return DossierFact.objects.create(
            dossier_id=dossier_id, agency_id=agency.pk, unit_id=agency.pk, procedure_id=1, procedure_version_id=1,
            field_id=1, level=agency.level, channel=Channel.COUNTER, national_channel=1,
            status=Status.RETURNED if ended else Status.PROCESSING, received_at=received,
            received_day=received.date(), due_at=due, end_of_processing_at=ended,
            end_day=ended.date() if ended else None,
        )  # fmt: skip

    def nov(day, hour=9):
        return dt.datetime(2026, 11, day, hour, tzinfo=HCM)

    facts = {
        "on_time": fact(1, department, received=nov(3), due=nov(10), ended=nov(5)),
        "late": fact(2, department, received=nov(4), due=nov(6), ended=nov(9)),
        "open": fact(3, commune, received=nov(10), due=nov(20)),
        # received in October: not November's
        "october": fact(4, commune, received=dt.datetime(2026, 10, 31, 23, 30, tzinfo=HCM), due=nov(3)),
    }
    return {"province": committee, "department": department, "commune": commune, "facts": facts}


def figure_counts_asked() -> list[dict]:
    """The counts of stored figures waiting in the queue (`reports.tasks.figures_refresh`), as enqueued."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status="READY", task_path="lienthong.reports.tasks.figures_refresh")
    return [row.args_kwargs["kwargs"] for row in waiting.order_by("enqueued_at")]


def figure_counts_run() -> int:
    """Run the counts waiting in the queue as the worker would (their minute's deferral passed); how many."""
    from django_tasks_db.models import DBTaskResult

    from lienthong.reports.tasks import figures_refresh

    waiting = DBTaskResult.objects.filter(status="READY", task_path="lienthong.reports.tasks.figures_refresh")
    ran = 0
    for row in list(waiting.order_by("enqueued_at")):
        figures_refresh.call(**row.args_kwargs["kwargs"])
        row.delete()
        ran += 1
    return ran
