"""A dossier's deadlines from its procedure version and the working calendar (docs/clock.md)."""

import datetime as dt

from lienthong.catalogue.models import ProcedureVersion
from lienthong.core.calendar import ClockReading, Computed, Pause, WorkCalendar
from lienthong.core.services import calendar_add, calendar_read_clock
from lienthong.dossiers.models import Dossier, StepInstance


def due_for(*, version: ProcedureVersion, received_at: dt.datetime) -> Computed:
    """The appointment for a dossier received at `received_at` under `version`'s legal time limit."""
    return calendar_add(start=received_at, amount=version.time_limit_value or 0, unit=version.time_limit_unit)


def step_push_back(step: StepInstance, *, pause: Pause, now: dt.datetime, calendar: WorkCalendar) -> None:
    """The step loses the working time the clock stood: its due instant moves back by as much."""
    step.due_at = calendar_read_clock(started=step.started_at, due=step.due_at, pauses=[pause], at=now,
                                      calendar=calendar).due  # fmt: skip


def clock_push_back(
    *, dossier: Dossier, steps: list[StepInstance], pause: Pause, now: dt.datetime, calendar: WorkCalendar
) -> ClockReading:
    """After a suspension (supplement, financial obligation) the dossier and its active steps are due later by the
    working time waited; the caller saves them. Returns the dossier's reading, with its explanation."""
    reading = calendar_read_clock(started=dossier.received_at, due=dossier.due_at, pauses=[pause], at=now,
                                  calendar=calendar)  # fmt: skip
    dossier.due_at = reading.due
    for step in steps:
        step_push_back(step, pause=pause, now=now, calendar=calendar)
    return reading
