"""A complaint's and a rating's facts, derived from their rows and events: the same function keeps them after each
event (`reports.services`) and rebuilds them (`reports.rebuild`), so the two cannot follow different rules.

- A complaint's fact: its handling agency now, when it was received, when its answer was due and given, whether it
  was refused, the dossier its "mã số hồ sơ" names (upper or lower case alike; the dossier with that code when the
  fact is derived), and how many events it has had.
- A rating's fact: the dossier, the receiving agency when rated, the average and when it was given.

Read by id range: three queries a range of complaints (rows, events, named dossiers), one of ratings.
"""

from django.db.models import Count

from lienthong.complaints.constants import Status
from lienthong.complaints.models import Complaint, ComplaintEvent
from lienthong.dossiers.models import Dossier
from lienthong.feedback.models import Rating
from lienthong.reports.models import ComplaintFact, RatingFact

COMPLAINT_FIELDS = tuple(f.attname for f in ComplaintFact._meta.concrete_fields if not f.primary_key)
RATING_FIELDS = tuple(f.attname for f in RatingFact._meta.concrete_fields if not f.primary_key)


def complaint_facts_compute(lo: int, hi: int) -> dict[int, dict]:
    """complaint id → its fact's values, for the complaints with ids in [lo, hi) that have an event."""
    rows = Complaint.objects.filter(pk__gte=lo, pk__lt=hi).values_list(
        "pk", "agency_id", "received_at", "answer_due_at", "answered_at", "status", "dossier_code"
    )
    rows = list(rows)
    events = dict(
        ComplaintEvent.objects.filter(complaint_id__gte=lo, complaint_id__lt=hi)
        .values("complaint_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("complaint_id", "n")
    )
    codes = {code.upper() for *_, code in rows if code}
    dossiers = dict(Dossier.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}
    return {
        pk: {
            "agency_id": agency_id,
            "received_at": received_at,
            "answer_due_at": answer_due_at,
            "answered_at": answered_at,
            "refused": status == Status.REFUSED,
            "dossier_id": dossiers.get(code.upper()) if code else None,
            "version": events[pk],
        }
        for pk, agency_id, received_at, answer_due_at, answered_at, status, code in rows
        if events.get(pk)
    }


def rating_facts_compute(lo: int, hi: int) -> dict[int, dict]:
    """dossier id → its rating's fact's values, for the rated dossiers with ids in [lo, hi)."""
    rows = Rating.objects.filter(dossier_id__gte=lo, dossier_id__lt=hi).values_list(
        "dossier_id", "pk", "agency_id", "average", "rated_at"
    )
    return {
        dossier_id: {"rating_id": pk, "agency_id": agency_id, "average": average, "rated_at": rated_at}
        for dossier_id, pk, agency_id, average, rated_at in rows
    }


def complaint_fact_as_dict(fact: ComplaintFact | None) -> dict | None:
    return None if fact is None else {name: getattr(fact, name) for name in COMPLAINT_FIELDS}


def rating_fact_as_dict(fact: RatingFact | None) -> dict | None:
    return None if fact is None else {name: getattr(fact, name) for name in RATING_FIELDS}
