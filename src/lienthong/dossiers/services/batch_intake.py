"""Many online submissions at once, each received or not — a connected system's bulk creates (docs/performance.md,
bench/sync): the rules and rows of `dossier_submit_online` and `dossier_receive_submitted` (`intake.submission_build`,
`receive_check`, `receive_apply`, the events' payloads), applied in Python, written with one statement per table,
and the agency's code counter taken once for the batch, as late as it can be.

Why late: the counter's row stays locked from the number's upsert to commit, and every create at that agency waits
for it. So everything that does not need the code comes first — checks, appointments, the dossiers' insert, the
caller's own rows naming them (`before_codes`, the system's links) — then one statement takes every number of the
batch, and only the events (whose payloads and hashes carry the code), their outbox rows and the dossiers' codes and
chain heads are written after it. tests/gateway/test_bulk_creates_in_batch_equal_the_per_item_path.py keeps this
equal to the per-item path; tests/gateway/test_bulk_create_codes_under_concurrency.py keeps the codes gap-free.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from lienthong.catalogue.models import ProcedureVersion
from lienthong.core.bulk import rows_insert, rows_update
from lienthong.core.calendar import Computed
from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services.clock import due_for
from lienthong.dossiers.services.codes import dossier_codes_issue
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.eventlog import EventRow, event_row, events_write
from lienthong.dossiers.services.guards import officer_grants
from lienthong.dossiers.services.intake import (
    Applicant,
    receive_apply,
    receive_check,
    received_payload,
    submission_build,
    submitted_payload,
)
from lienthong.org.models import Agency

# What is written after the codes are taken: the code and the chain's head.
AFTER_CODES = ["code", "event_seq", "event_head"]


@dataclass(frozen=True)
class Submission:
    """One dossier to create, and whether the desk's receipt follows (with the documents it ticks)."""

    version: ProcedureVersion
    applicant: Applicant
    form_data: dict[str, Any]
    result_delivery: str
    summary: str = ""
    receive: bool = False
    documents_present: frozenset[int] = frozenset()


@dataclass
class _Created:
    dossier: Dossier
    submission: Submission
    due: Computed | None = None


def dossiers_submit_batch(
    *,
    agency: Agency,
    channel: str,
    actor_label: str,
    officer,
    submissions: Sequence[Submission],
    before_codes: Callable[[list[tuple[int, Dossier]]], None] = lambda created: None,
) -> list[Dossier | DossierError]:
    """Create each submission as `dossier_submit_online` would (and receive it as `dossier_receive_submitted` would,
    by `officer`, if it says so), in the caller's transaction; per submission, its dossier or the refusal the
    per-item path gives (a refused submission leaves nothing). `before_codes` is given each new dossier with its
    submission's position, inserted, and writes the caller's rows that name them before the counter is taken."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossiers_submit_batch must run inside the transaction that keeps its codes")
    now = timezone.now()  # one instant for the batch, as for one transaction
    received = {s.version.pk: s.version for s in submissions if s.receive}
    held = officer_grants(officer) if received else frozenset()
    # The checklists read once for the batch: `documents_missing` then asks nothing per dossier.
    prefetch_related_objects([v for v in received.values() if not _documents_prefetched(v)], "documents")
    dues: dict[int, Computed] = {}
    answers: list[Dossier | DossierError] = []
    created: list[_Created] = []
    positions: list[int] = []
    for position, submission in enumerate(submissions):
        try:
            item = _build(agency, channel, submission, officer=officer, held=held, now=now, dues=dues)
        except DossierError as exc:
            answers.append(exc)
            continue
        answers.append(item.dossier)
        created.append(item)
        positions.append(position)
    if not created:
        return answers
    dossiers = [item.dossier for item in created]
    rows_insert(Dossier, dossiers)
    before_codes(list(zip(positions, dossiers, strict=True)))
    # From here to commit the agency's counter is locked: only the rows that carry the code are left to write.
    day = timezone.localtime(now).date()
    for dossier, code in zip(dossiers, dossier_codes_issue(agency=agency, day=day, count=len(dossiers)), strict=True):
        dossier.code = code
    events_write([event for item in created for event in _events(item, actor_label=actor_label, officer=officer)])
    rows_update(Dossier, dossiers, AFTER_CODES)
    return answers


def _documents_prefetched(version: ProcedureVersion) -> bool:
    return "documents" in getattr(version, "_prefetched_objects_cache", {})


def _build(agency: Agency, channel: str, submission: Submission, *, officer, held, now: dt.datetime,
           dues: dict[int, Computed]) -> _Created:  # fmt: skip
    """The dossier as both services leave it (before its code), checked by their rules; raises their refusal."""
    dossier = submission_build(agency=agency, version=submission.version, channel=channel,
                               applicant=submission.applicant, form_data=submission.form_data,
                               result_delivery=submission.result_delivery, summary=submission.summary,
                               now=now)  # fmt: skip
    item = _Created(dossier, submission)
    if submission.receive:
        # The form passed `submission_build`'s check just above: the receipt's check takes that answer.
        receive_check(officer=officer, dossier=dossier, documents_present=set(submission.documents_present),
                      held=held, form_checked=True)  # fmt: skip
        version = submission.version.pk
        if version not in dues:  # the appointment depends on the version and the instant only
            dues[version] = due_for(version=submission.version, received_at=now)
        item.due = receive_apply(dossier, officer=officer, now=now, due=dues[version])
    return item


def _events(item: _Created, *, actor_label: str, officer) -> list[EventRow]:
    """The dossier's SUBMITTED (and RECEIVED) events, hashed in order onto its chain, as the per-item path writes."""
    dossier, submission = item.dossier, item.submission
    received = dossier.status
    dossier.status = Status.SUBMITTED  # as it was when the per-item path recorded its submission
    events = [event_row(dossier=dossier, kind=EventKind.SUBMITTED, actor_label=actor_label, status_before="",
                          payload=submitted_payload(dossier, files=[]))]  # fmt: skip
    dossier.status = received
    if item.due is not None:
        events.append(event_row(
            dossier=dossier, kind=EventKind.RECEIVED, actor=officer, status_before=Status.SUBMITTED,
            payload=received_payload(dossier, due=item.due, documents_present=set(submission.documents_present)),
        ))  # fmt: skip
    return events
