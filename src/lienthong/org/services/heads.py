"""Heads' terms of office. They live apart from agencies because they carry a rule of their own: terms of one
agency never overlap, so exactly one person is accountable for its decisions on each day."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lienthong.core.bulk import bulk_upsert
from lienthong.org.models import Agency, HeadAssignment
from lienthong.org.services.errors import OrgError
from lienthong.org.services.results import UpsertResult


@transaction.atomic
def head_assign(
    *,
    agency: Agency,
    full_name: str,
    title: str,
    starts_on: dt.date,
    is_acting: bool = False,
    decision: str = "",
    user=None,
    ends_on: dt.date | None = None,
) -> HeadAssignment:
    """Appoint the head of `agency` from `starts_on`; the open term of the predecessor ends the day before, so
    exactly one person is accountable on each day."""
    _terms_end_before(agency=agency, starts_on=starts_on)
    return HeadAssignment.objects.create(
        agency=agency,
        full_name=full_name,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        is_acting=is_acting,
        decision=decision,
        user=user,
    )


def _terms_end_before(*, agency: Agency, starts_on: dt.date) -> None:
    """End the day before `starts_on` every term of `agency` still running then; refuse if one starts later."""
    open_terms = (
        HeadAssignment.objects.select_for_update()
        .filter(agency=agency)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    )
    for term in open_terms:
        if term.starts_on >= starts_on:
            raise OrgError(
                OrgError.TERM_BEFORE_CURRENT,
                _("Nhiệm kỳ mới phải bắt đầu sau ngày %(d)s của người đang đứng đầu.") % {"d": term.starts_on},
            )
        term.ends_on = starts_on - dt.timedelta(days=1)
        term.save(update_fields=["ends_on"])


@dataclass(frozen=True)
class HeadRow:
    agency: Agency
    full_name: str
    title: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    is_acting: bool = False
    decision: str = ""


@transaction.atomic
def head_assignments_load(*, rows: Iterable[HeadRow]) -> UpsertResult:
    """Load a history of terms as given (keyed by agency, name and start), for imports and the demo."""
    rows = list(rows)
    agency_ids = {row.agency.pk for row in rows}
    existing = {
        (h.agency_id, h.full_name, h.starts_on): h for h in HeadAssignment.objects.filter(agency_id__in=agency_ids)
    }
    pairs = [
        (
            existing.get((row.agency.pk, row.full_name, row.starts_on)),
            {"agency": row.agency, "full_name": row.full_name, "starts_on": row.starts_on, "title": row.title,
             "ends_on": row.ends_on, "is_acting": row.is_acting, "decision": row.decision},
        )
        for row in rows
    ]  # fmt: skip
    result = bulk_upsert(HeadAssignment, pairs)
    return UpsertResult(created=len(result.created), updated=len(result.updated))
