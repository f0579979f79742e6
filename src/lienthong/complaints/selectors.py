"""Reads of complaints: the public list, the officer's list by urgency, one complaint's page. (Decision 766's PAKN
figures are counted by the reporting read model from the complaints' events: `reports.petition_figures`.)"""

from datetime import timedelta

from django.db.models import F, QuerySet
from django.utils import timezone

from lienthong.complaints.access import complaints_visible
from lienthong.complaints.constants import CLOSED
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
