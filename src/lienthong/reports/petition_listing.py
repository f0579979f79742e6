"""The complaints and recommendations (PAKN) behind the dashboard's PAKN figures, as an officer reads them: the list
a figure links to, with its filters in the URL — the unit (`don_vi`), the period (`ky`), on time or late (`han`)
and the complaint's state now (`trang_thai`).

Membership comes from the read model (`petition_figures.petition_list`, the rule that counts the figures), so with
no state chosen the list's length is the figure; only the page's rows — 50 at most — are read from the complaints'
table for what the facts do not carry (the code, the title, the state).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lienthong.complaints.constants import Status
from lienthong.complaints.models import Complaint
from lienthong.core.keyset import Key
from lienthong.org.models import Agency
from lienthong.reports.models import ComplaintFact
from lienthong.reports.petition_figures import petition_list
from lienthong.reports.units import ScoredUnit

# `han` in the URL → the figure whose complaints it keeps; none: every PAKN of the period.
TIMELINESS = {"dung": "petitions_on_time", "tre": "petitions_overdue"}
TIMELINESS_LABELS = {"": _("Tất cả"), "dung": _("Đúng hạn"), "tre": _("Quá hạn")}
# The figures a link opens here, and the `han` each gives.
LINKED_FIGURES = {"petitions": "", "petitions_on_time": "dung", "petitions_overdue": "tre"}
LIST_LABELS = {
    "": _("Phản ánh, kiến nghị trong kỳ"),
    "dung": _("Phản ánh, kiến nghị được trả lời đúng hạn"),
    "tre": _("Phản ánh, kiến nghị trả lời quá hạn hoặc quá hạn chưa trả lời"),
}
# The page's order: the earliest answer deadline first, then by id (unique): keyset pages (core.keyset).
ORDER = (Key("answer_due_at"), Key("complaint_id"))


def complaint_facts(
    *,
    unit: ScoredUnit,
    period_start: dt.datetime,
    period_end: dt.datetime,
    at: dt.datetime,
    visible: QuerySet[Complaint],
    timeliness: str = "",
    status: str = "",
) -> QuerySet[ComplaintFact]:
    """The facts of the unit's PAKN of the period judged at `at`, on time or late if asked, in a state if asked —
    those among `visible` only (`complaints.access.complaints_visible`: the rule the complaint's page reads, so a
    listed complaint opens; it holds every complaint of a unit the officer's dashboard reaches)."""
    figure = TIMELINESS.get(timeliness, "petitions")
    facts = petition_list(figure=figure, unit=unit, period_start=period_start, period_end=period_end, at=at)
    facts = facts.filter(complaint_id__in=visible.values("pk"))
    if status in Status.values:
        facts = facts.filter(complaint_id__in=Complaint.objects.filter(status=status).values("pk"))
    return facts.order_by()


@dataclass(frozen=True)
class ComplaintRow:
    complaint_id: int
    code: str
    title: str
    kind: str
    status: str
    agency: str
    received_at: dt.datetime
    answer_due_at: dt.datetime
    answered_at: dt.datetime | None
    late: bool  # answered after its deadline, or not answered and past it at the list's instant


def complaint_rows(facts: Iterable[ComplaintFact], *, at: dt.datetime) -> list[ComplaintRow]:
    """The page's facts as rows, in the facts' order: two look-ups whatever the page's length."""
    facts = list(facts)
    complaints = {
        c["pk"]: c
        for c in Complaint.objects.filter(pk__in=[f.complaint_id for f in facts]).values(
            "pk", "code", "title", "kind", "status"
        )
    }
    agencies = dict(Agency.objects.filter(pk__in={f.agency_id for f in facts}).values_list("pk", "name"))
    statuses, kinds = dict(Status.choices), dict(Complaint._meta.get_field("kind").choices)
    rows = []
    for fact in facts:
        complaint = complaints.get(fact.complaint_id, {})
        answered = fact.answered_at
        late = answered > fact.answer_due_at if answered else fact.answer_due_at < at
        rows.append(ComplaintRow(
            complaint_id=fact.complaint_id, code=complaint.get("code", ""), title=complaint.get("title", ""),
            kind=str(kinds.get(complaint.get("kind"), "")), status=str(statuses.get(complaint.get("status"), "")),
            agency=agencies.get(fact.agency_id, ""), received_at=fact.received_at, answer_due_at=fact.answer_due_at,
            answered_at=answered, late=late,
        ))  # fmt: skip
    return rows
