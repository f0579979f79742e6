"""Givens for the rating tests: dossiers brought to their state by the lifecycle's own services at frozen instants,
the look-up that hands out the rating link, and the answers an applicant gives."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from lienthong.dossiers.constants import Channel, ResultDelivery, Status, StepKind
from lienthong.dossiers.models import Dossier, StepInstance
from lienthong.dossiers.services import dossier_receive, dossier_return
from lienthong.org.constants import Role

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PHONE_DIGITS = "5678"  # applicant fixture: phone 0912345678
ANSWERS = {"information": 5, "timeliness": 4, "convenience": 4, "attitude": 5}


def at(day: int, hour: int, minute: int = 0, *, month: int = 2) -> dt.datetime:
    """An instant in 2026, Hồ Chí Minh City time."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HCM)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters of the look-up live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def received(province, officers, procedure, applicant, form_data, documents, *, when=None, agency="commune_centre"):
    """Received at `agency`'s desk at `when` (default Fri 13/2/2026 10:00: due Wed 25/2 10:00, after Tết)."""
    with time_machine.travel(when or at(13, 10), tick=False):
        return dossier_receive(
            officer=officers[f"receiver@{agency}"], agency=province[agency], version=procedure,
            channel=Channel.COUNTER, applicant=applicant, form_data=form_data, documents_present=documents,
        )  # fmt: skip


def finished(dossier: Dossier, *, when: dt.datetime) -> Dossier:
    # given: the steps finished processing at `when` (their own services are tested in tests/dossiers)
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.RESULT_READY, finished_at=when)
    step = dossier.procedure_version.steps.get(position=6)
    StepInstance.objects.create(
        dossier=dossier, step=step, kind=StepKind.STEP, name=step.name, position=6, agency=dossier.agency,
        role=Role.RECEIVER, started_at=when, due_at=when + dt.timedelta(hours=2),
    )  # fmt: skip
    dossier.refresh_from_db()
    return dossier


def returned(dossier: Dossier, officers, *, finished_at: dt.datetime, returned_at: dt.datetime,
             agency: str = "commune_centre") -> Dossier:  # fmt: skip
    dossier = finished(dossier, when=finished_at)
    with time_machine.travel(returned_at, tick=False):
        return dossier_return(officer=officers[f"receiver@{agency}"], dossier=dossier, delivery=ResultDelivery.AT_DESK)


def rating_link(client, dossier: Dossier, *, when: dt.datetime) -> str | None:
    """Look the dossier up as its applicant does and return the rating link the page offers, if any."""
    with time_machine.travel(when, tick=False):
        response = client.get("/tra-cuu/", {"code": dossier.code, "digits": PHONE_DIGITS})
    assert response.status_code == 200
    found = re.search(r'href="(/tra-cuu/danh-gia/[^"]+/)"', response.content.decode())
    return found.group(1) if found else None


def text(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(body.split())
