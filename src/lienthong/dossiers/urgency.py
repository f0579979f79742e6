"""Is a dossier (or a step of it) overdue, due today, or waiting with its clock stopped? One rule for every badge and
list filter that says so (the back office's inbox, search and dossier page; anything else that shows urgency).

- A dossier waiting for the applicant's supplement or payment has its clock stopped (Decree 61 art. 19(4); the 766
  formula subtracts the time waited): its due dates move back when it resumes, so it is never shown overdue, only
  paused — and neither are its steps, which wait with it.
- A dossier whose processing is over (result ready, returned) was late if and only if it finished after its due
  date (Decision 766: on time ⇔ `finished_at` ≤ `due_at`); collecting the result later does not make it late.
- A dossier closed without a result (refused, withdrawn, stopped) has nothing due.
- Otherwise the deadline decides: past it is late; before midnight today (Viet Nam time) is due today.
"""

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienthong.dossiers.constants import (
    CLOCK_RUNNING_STATUSES,
    CLOCK_STOPPED_STATUSES,
    PROCESSING_ENDED_STATUSES,
    Status,
)


def finished_on_time(*, finished_at: dt.datetime, due_at: dt.datetime | None) -> bool:
    """Decision 766's rule for one dossier or step: on time ⇔ its processing ended by its due instant (the due
    instant already pushed back by the time the clock stood still). No due instant: nothing to be late for."""
    return due_at is None or finished_at <= due_at


def processed_on_time(
    *, finished_at: dt.datetime, due_at: dt.datetime | None, supplement_count: int, max_supplements: int
) -> bool:
    """The index's variant of the rule (Decision 766 formula notes, 2.1 "On time"): a dossier asked for a supplement
    more than `max_supplements` times after receipt (the formula version's `overdue_at_supplement_count` − 1) is overdue
    whenever it ended; otherwise `finished_on_time`."""
    return supplement_count <= max_supplements and finished_on_time(finished_at=finished_at, due_at=due_at)


# The same rule as a filter: processing ended after the due instant.
FINISHED_LATE = Q(finished_at__gt=F("due_at"))


def on_time_q(*, judged: Any) -> Q:
    """`finished_on_time` as a filter over rows with a `due_at`: `judged` (an expression of the instant the row is
    judged at, e.g. the end of processing or a period's end) is by the due instant, or there is none."""
    return Q(due_at__isnull=True) | Q(due_at__gte=judged)


class Urgency(models.TextChoices):
    LATE = "late", _("Quá hạn")
    TODAY = "today", _("Đến hạn hôm nay")
    PAUSED = "paused", _("Tạm dừng tính hạn")
    UNRECEIVED = "unreceived", _("Chờ tiếp nhận")
    NONE = "", _("Trong hạn")


def deadline_urgency(*, due_at: dt.datetime | None, now: dt.datetime) -> str:
    """A deadline alone, with no clock that can stop (a complaint's, say): late, due today, or neither."""
    if due_at is None:
        return Urgency.NONE
    if due_at < now:
        return Urgency.LATE
    return Urgency.TODAY if timezone.localtime(due_at).date() == timezone.localtime(now).date() else Urgency.NONE


def dossier_urgency(
    *, status: str, due_at: dt.datetime | None, now: dt.datetime, finished_at: dt.datetime | None = None
) -> str:
    """The dossier's urgency by its legal clock; `due_at` is the deadline shown for it (its appointment, or the due
    instant of its earliest active step while it is processed)."""
    if status in CLOCK_STOPPED_STATUSES:
        return Urgency.PAUSED
    if status in PROCESSING_ENDED_STATUSES:
        late = finished_at is not None and not finished_on_time(finished_at=finished_at, due_at=due_at)
        return Urgency.LATE if late else Urgency.NONE
    if status == Status.SUBMITTED:
        return Urgency.UNRECEIVED
    if status in CLOCK_RUNNING_STATUSES:
        return deadline_urgency(due_at=due_at, now=now)
    return Urgency.NONE


def step_urgency(*, dossier_status: str, due_at: dt.datetime | None, now: dt.datetime) -> str:
    """An active step's urgency: its own quota's deadline, paused while the dossier's clock is stopped."""
    if dossier_status in CLOCK_STOPPED_STATUSES:
        return Urgency.PAUSED
    return deadline_urgency(due_at=due_at, now=now)


def dossier_urgency_condition(urgency: str, *, now: dt.datetime, due_field: str = "due_at") -> Q | None:
    """The filter of the dossiers whose `dossier_urgency` is `urgency` (late or today), `due_field` naming the
    deadline annotated on the query the way `dossier_urgency` is given it; None for any other value."""
    running = Q(status__in=CLOCK_RUNNING_STATUSES)
    if urgency == Urgency.LATE:
        finished_late = Q(status__in=PROCESSING_ENDED_STATUSES) & (
            FINISHED_LATE if due_field == "due_at" else Q(finished_at__gt=F(due_field))
        )
        return (running & Q(**{f"{due_field}__lt": now})) | finished_late
    if urgency == Urgency.TODAY:
        end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=999999)
        return running & Q(**{f"{due_field}__gte": now, f"{due_field}__lte": end_of_day})
    return None
