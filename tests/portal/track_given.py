"""Givens for the tracking tests: dossiers brought to each state through the lifecycle's own services, the look-ups
a citizen makes, and fresh rate-limit counters for every test.

A test module imports `given_fixture` and `fresh_counters_fixture` to use the fixtures `given` and (automatically)
`fresh_counters`.
"""

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from lienthong.dossiers.constants import Channel, ResultDelivery, Status, StepKind, StepState
from lienthong.dossiers.models import Dossier, StepInstance
from lienthong.dossiers.services import (
    dossier_complete_step,
    dossier_forward,
    dossier_receive,
    dossier_refuse,
    dossier_request_financial_obligation,
    dossier_request_supplement,
    dossier_return,
)
from lienthong.org.constants import Role
from tests.files import PDF  # noqa: F401 — a real one-page PDF; re-exported to the tests here
from tests.signing.given import signed_pdf, signed_result_attach


@functools.cache
def result_pdf() -> bytes:
    """The result returned electronically: `PDF` as the leader signed it."""
    return signed_pdf(PDF)


HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DESK = "receiver@commune_centre"
PAGE = "/tra-cuu/"
API = "/api/v1/track"
PHONE_DIGITS = "5678"  # applicant fixture: phone 0912345678
ID_DIGITS = "1234"  # applicant fixture: identity number 075190001234
NOT_FOUND = "Không tìm thấy hồ sơ với mã và 4 số cuối đã nhập."


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """An instant in February 2026, Hồ Chí Minh City time."""
    return dt.datetime(2026, 2, day, hour, minute, tzinfo=HCM)


RECEIVED_AT = at(13, 10)  # a Friday; 3 working days after Tết → due Wed 25/2 10:00
DUE_AT = at(25, 10)
LOOKED_UP_AT = at(24, 9)


@pytest.fixture(autouse=True, name="fresh_counters")
def fresh_counters_fixture():
    """Rate-limit counters live in the (per-process) cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(name="given")
def given_fixture(province, officers, procedure, applicant, form_data, documents):
    return Given(province, officers, procedure, applicant, form_data, documents)


class Given:
    def __init__(self, province, officers, procedure, applicant, form_data, documents) -> None:
        self.province, self.officers, self.procedure = province, officers, procedure
        self.applicant, self.form_data, self.documents = applicant, form_data, documents

    def received(self, *, delivery: str = ResultDelivery.AT_DESK) -> Dossier:
        with time_machine.travel(RECEIVED_AT, tick=False):
            return dossier_receive(
                officer=self.officers[DESK], agency=self.province["commune_centre"], version=self.procedure,
                channel=Channel.COUNTER, applicant=self.applicant, form_data=self.form_data,
                documents_present=self.documents, result_delivery=delivery,
            )  # fmt: skip

    def at_the_department(self, **kwargs) -> Dossier:
        """Forwarded to the ward's committee, which checked it and passed it to the provincial department."""
        dossier = self.received(**kwargs)
        with time_machine.travel(at(13, 11), tick=False):
            dossier = dossier_forward(officer=self.officers[DESK], dossier=dossier)
        with time_machine.travel(at(23, 9), tick=False):
            (check,) = _active(dossier)
            dossier_complete_step(officer=self.officers["specialist@committee"], dossier=dossier, step_instance=check)
        dossier.refresh_from_db()
        return dossier

    def supplement_requested(self) -> Dossier:
        dossier = self.received()
        with time_machine.travel(at(13, 14), tick=False):
            return dossier_request_supplement(
                officer=self.officers[DESK], dossier=dossier, note="Bổ sung trước ngày 27/2.",
                missing=["Bản sao sổ hộ khẩu", "Sơ đồ thửa đất có xác nhận của UBND phường"],
            )  # fmt: skip

    def fees_notified(self) -> Dossier:
        dossier = self.at_the_department()
        with time_machine.travel(at(23, 14), tick=False):
            return dossier_request_financial_obligation(
                officer=self.officers["specialist@department"], dossier=dossier, note="Nộp tại Kho bạc Nhà nước.",
                items=[{"name": "Lệ phí trước bạ", "amount": 1_500_000}, {"name": "Phí thẩm định", "amount": 250_000}],
            )  # fmt: skip

    def refused(self) -> Dossier:
        dossier = self.received()
        with time_machine.travel(at(13, 14), tick=False):
            return dossier_refuse(officer=self.officers[DESK], dossier=dossier, reason="Thửa đất đang có tranh chấp.")

    def returned_electronically(self) -> Dossier:
        """The result (a PDF) is attached at the desk and returned as an electronic copy."""
        dossier = self.received(delivery=ResultDelivery.ELECTRONIC)
        # given: processing finished on 24/2 (the steps' own services are tested elsewhere); the desk returns it
        Dossier.objects.filter(pk=dossier.pk).update(status=Status.RESULT_READY, finished_at=at(24, 8))
        StepInstance.objects.create(
            dossier=dossier, step=self.procedure.steps.get(position=6), kind=StepKind.STEP, name="Trả kết quả",
            position=6, agency=self.province["commune_centre"], role=Role.RECEIVER, started_at=at(24, 8),
            due_at=at(24, 10),
        )  # fmt: skip
        dossier.refresh_from_db()
        with time_machine.travel(at(24, 8, 30), tick=False):
            # signed: an electronic return needs a signed result (tests/signing)
            signed_result_attach(officer=self.officers[DESK], dossier=dossier, name="Giấy chứng nhận.pdf",
                                 content=result_pdf())  # fmt: skip
            return dossier_return(officer=self.officers[DESK], dossier=dossier, delivery=ResultDelivery.ELECTRONIC)


def _active(dossier: Dossier) -> list[StepInstance]:
    return list(StepInstance.objects.filter(dossier=dossier, state=StepState.ACTIVE, kind=StepKind.STEP))


def look_up(client, code: str, digits: str, *, when: dt.datetime = LOOKED_UP_AT, address: str = "127.0.0.1"):
    with time_machine.travel(when, tick=False):
        return client.get(PAGE, {"code": code, "digits": digits}, REMOTE_ADDR=address)


def look_up_json(client, code: str, digits: str, *, when: dt.datetime = LOOKED_UP_AT, address: str = "127.0.0.1"):
    with time_machine.travel(when, tick=False):
        return client.get(API, {"code": code, "digits": digits}, REMOTE_ADDR=address)


def text(response) -> str:
    """The page's visible text, tags dropped and whitespace folded, to assert on sentences."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(body.split())
