"""Reads of complaints: the public list, the officer's list by urgency, one complaint's page, the 766 share."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from lienthong.complaints.access import complaints_visible
from lienthong.complaints.constants import CLOSED, Status
from lienthong.complaints.models import Complaint
from lienthong.core.text import fold
from lienthong.org.access import OfficerScope
from lienthong.org.models import Agency

SOON = timedelta(days=2)  # "due soon": within two days, so a Friday shows what Monday brings
PUBLIC_FIELDS = ("code", "kind", "title", "public_content", "answer", "answered_at", "published_at", "agency__name")


def complaint_list_published(*, query: str = "") -> QuerySet[Complaint]:
    """Published answers, newest first; `query` matches words of the code, title, content or answer, with or
    without diacritics. Only public fields are read: the sender's never leave the database here."""
    complaints = Complaint.objects.filter(published=True).select_related("agency").only(*PUBLIC_FIELDS)
    for word in fold(query.replace("\x00", "")).split()[:8]:
        complaints = complaints.filter(search_folded__contains=word)
    return complaints.order_by("-published_at", "-id")


def complaint_published(*, code: str) -> Complaint | None:
    return complaint_list_published().filter(code=code).first()


def complaint_list_for_officer(*, scope: OfficerScope, urgency: str = "", show: str = "open") -> QuerySet[Complaint]:
    """What an officer may see, the most urgent first: past due, then by due date; closed ones last."""
    complaints = complaints_visible(scope, Complaint.objects.select_related("agency", "assignee"))
    if show == "open":
        complaints = complaints.exclude(status__in=CLOSED)
    now = timezone.now()
    if urgency == "late":
        complaints = complaints.filter(due_at__lt=now)
    elif urgency == "soon":
        complaints = complaints.filter(due_at__gte=now, due_at__lt=now + SOON)
    return complaints.order_by(F("due_at").asc(nulls_last=True), "received_at", "id")  # closed ones: no due date


def complaint_for_page(*, scope: OfficerScope, complaint_id: int) -> Complaint | None:
    """One complaint with its history, if the officer may see it; None alike for absent and out of scope."""
    complaint = (
        complaints_visible(scope, Complaint.objects.filter(pk=complaint_id))
        .select_related("agency", "concerned_agency", "assignee", "answered_by")
        .first()
    )
    if complaint is not None:
        complaint.history = list(complaint.events.select_related("actor").order_by("at", "id"))
    return complaint


def agencies_to_forward_to(*, exclude_id: int) -> QuerySet[Agency]:
    return (
        Agency.objects.filter(is_active=True)
        .exclude(pk=exclude_id)
        .only("id", "name", "level")
        .order_by("level", "name")
    )


def agencies_to_choose_from() -> QuerySet[Agency]:
    """Agencies a sender may name: every active one, provincial and communes' (found by name: org/picker.py)."""
    return Agency.objects.filter(is_active=True)


@dataclass(frozen=True)
class OnTimeShare:
    """Decision 766, "PAKN handled on time": answered on time ÷ (answered + overdue without an answer)."""

    answered: int
    on_time: int
    overdue_unanswered: int

    @property
    def counted(self) -> int:
        return self.answered + self.overdue_unanswered

    @property
    def rate(self) -> float | None:
        """Between 0 and 1; None when nothing was due or answered in the period (766 then scores it in full)."""
        return self.on_time / self.counted if self.counted else None


def complaint_on_time_share(
    *, start: datetime, end: datetime, agency_ids: list[int] | None = None, at: datetime | None = None
) -> OnTimeShare:
    """In [start, end): complaints answered then (on time if by their answer deadline), and accepted complaints
    whose answer deadline fell then and that were not answered by the period's end (or `at`, if earlier). Refused
    ones are left out: a lawful refusal is not late handling. One query."""
    complaints = Complaint.objects.all()
    if agency_ids is not None:
        complaints = complaints.filter(agency_id__in=agency_ids)
    totals = complaints.aggregate(**on_time_share_counts(start=start, end=end, at=at))
    return OnTimeShare(answered=totals["answered"], on_time=totals["on_time"], overdue_unanswered=totals["overdue"])


def on_time_share_counts(*, start: datetime, end: datetime, at: datetime | None = None) -> dict[str, Count]:
    """The counts of `complaint_on_time_share` as aggregates (`answered`, `on_time`, `overdue`), for a caller that
    groups them (the 766 index per unit counts with this very rule)."""
    cut = min(end, at or timezone.now())
    answered = Q(answered_at__gte=start, answered_at__lt=end)
    overdue = (
        Q(answer_due_at__gte=start, answer_due_at__lt=cut)
        & ~Q(status=Status.REFUSED)
        & (Q(answered_at__isnull=True) | Q(answered_at__gte=end))
    )
    return {
        "answered": Count("pk", filter=answered),
        "on_time": Count("pk", filter=answered & Q(answered_at__lte=F("answer_due_at"))),
        "overdue": Count("pk", filter=overdue),
    }
