"""Put a dossier into the state an outcome test needs: receive it for real, then set the rest directly.

The forward/complete services belong to other modules; these tests must not depend on them, so each "given"
below is a plain queryset update, marked as such where it is called.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from lienthong.dossiers.constants import Channel, StepKind
from lienthong.dossiers.models import Dossier, StepInstance
from lienthong.dossiers.services import dossier_receive
from lienthong.org.constants import Role

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, second: int = 0, *, month: int = 2) -> dt.datetime:
    """An instant in 2026, Hồ Chí Minh City time."""
    return dt.datetime(2026, month, day, hour, minute, second, tzinfo=HCM)


def received(province, officers, procedure, applicant, form_data, documents, *, when: dt.datetime) -> Dossier:
    """A dossier received at the commune desk at `when` (3 working days)."""
    with time_machine.travel(when, tick=False):
        return dossier_receive(
            officer=officers["receiver@commune_centre"], agency=province["commune_centre"], version=procedure,
            channel=Channel.COUNTER, applicant=applicant, form_data=form_data, documents_present=documents,
        )  # fmt: skip


def active_step(dossier: Dossier, agency, *, position: int, role: str = Role.SPECIALIST, kind: str = StepKind.STEP,
                started_at: dt.datetime, due_at: dt.datetime) -> StepInstance:  # fmt: skip
    step = dossier.procedure_version.steps.get(position=position)
    return StepInstance.objects.create(
        dossier=dossier, step=step, kind=kind, name=step.name, position=position, agency=agency, role=role,
        started_at=started_at, due_at=due_at,
    )  # fmt: skip
