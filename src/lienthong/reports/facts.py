"""A dossier's fact, derived from its row and its own history: the same function for one dossier after an event and
for a range of ids during a rebuild, so live and rebuilt facts cannot follow different rules.

Every input is read by dossier id range in one query per table (dossiers with their agency and procedure, events,
suspensions, attachments, national sync states) plus the fees and competent authorities of the versions met and the
agencies (which unit answers for a dossier: `reports.units`), so a batch of thousands costs eight queries.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from lienthong.catalogue.models import Fee
from lienthong.dossiers.constants import Channel, EventKind, ResultDelivery, Status, SuspensionReason
from lienthong.dossiers.models import Attachment, Dossier, DossierEvent, Suspension
from lienthong.dossiers.urgency import processed_on_time
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from lienthong.national.records import CHANNEL_CODES, paid_online_kind
from lienthong.reports.constants import END_ORDER
from lienthong.reports.kpi766 import CURRENT_VERSION, load_version
from lienthong.reports.models import DossierFact
from lienthong.reports.units import answering_units

# The fact's columns other than its key, in the model's order: what `fact_values` gives and a comparison compares.
FACT_FIELDS = tuple(f.attname for f in DossierFact._meta.concrete_fields if not f.primary_key)
DOSSIER_COLUMNS = (
    "pk", "agency_id", "agency__level", "procedure_version_id", "procedure_version__procedure_id",
    "procedure_version__procedure__field_id", "channel", "status", "submitted_at", "received_at", "due_at",
    "finished_at", "result_delivery", "event_seq",
)  # fmt: skip


@dataclass
class History:
    """What one dossier's events, suspensions and files say, gathered for its fact."""

    kinds: set[str] = field(default_factory=set)
    supplements_after_receipt: int = 0
    supplement_seconds: int = 0
    has_component_file: bool = False
    has_result_file: bool = False
    fee_events: list[tuple[str, dict | None]] = field(default_factory=list)  # (kind, payload), in the dossier's order


def _local_day(instant: dt.datetime | None) -> dt.date | None:
    return None if instant is None else timezone.localtime(instant).date()


def _histories(lo: int, hi: int) -> dict[int, History]:
    """Events, supplement waits and files of the dossiers with ids in [lo, hi)."""
    histories: dict[int, History] = defaultdict(History)
    events = DossierEvent.objects.filter(dossier_id__gte=lo, dossier_id__lt=hi)
    for dossier_id, kind, before in events.values_list("dossier_id", "kind", "status_before").iterator(2000):
        history = histories[dossier_id]
        history.kinds.add(kind)
        # A request at the desk before receipt (art. 17(1a)) is not one the index counts (supplement.py).
        if kind == EventKind.SUPPLEMENT_REQUESTED and before != Status.SUBMITTED:
            history.supplements_after_receipt += 1
    waits = Suspension.objects.filter(
        dossier_id__gte=lo, dossier_id__lt=hi, reason=SuspensionReason.SUPPLEMENT, ended_at__isnull=False
    ).exclude(resume_status=Status.SUBMITTED)
    for dossier_id, started, ended in waits.values_list("dossier_id", "started_at", "ended_at"):
        histories[dossier_id].supplement_seconds += int((ended - started).total_seconds())
    # Fees paid and refunded, in order: which way the fee was last paid (national.records.paid_online_kind).
    fees = events.filter(kind__in=[EventKind.FEE_PAID, EventKind.FEE_REFUNDED]).order_by("dossier_id", "seq")
    for dossier_id, kind, payload in fees.values_list("dossier_id", "kind", "payload"):
        histories[dossier_id].fee_events.append((kind, payload))
    # A stored file only: a paper result is recorded without one (`dossiers.services.files.dossier_results`).
    files = Attachment.objects.filter(dossier_id__gte=lo, dossier_id__lt=hi).exclude(file="")
    files = files.values_list("dossier_id", "kind")
    for dossier_id, kind in files.distinct():
        if kind == Attachment.Kind.SUBMITTED:
            histories[dossier_id].has_component_file = True
        elif kind == Attachment.Kind.RESULT:
            histories[dossier_id].has_result_file = True
    return histories


def _fee_totals(version_ids: Iterable[int]) -> dict[int, int]:
    """The published fees of each version, summed (an amount not given counts 0: nothing is known to be due)."""
    rows = Fee.objects.filter(version_id__in=set(version_ids)).values("version_id").annotate(total=Sum("amount"))
    return {row["version_id"]: int(row["total"] or 0) for row in rows}


def fact_sync_state(*, state: str, last_synced_at: dt.datetime | None, synced_status: str) -> str:
    """The fact's national sync state, as Decision 766 metric 1.4 and the board count it: `synced` once the portal
    holds the dossier as received — a sync succeeded and what it last told was past submission — and it stays so
    while a later event waits to be sent or fails (the portal still holds it as received); otherwise the connector's
    own state, a dossier the portal holds only as submitted being still `pending` for it; empty if never taken."""
    if last_synced_at is not None and synced_status != Status.SUBMITTED:
        return SyncState.SYNCED.value
    return SyncState.PENDING.value if state == SyncState.SYNCED else state


def _end_kind(kinds: set[str]) -> str:
    return next((kind.value for kind in END_ORDER if kind.value in kinds), "")


def fact_values(
    row: dict, history: History, *, unit_id: int, fee_total: int, sync_state: str, max_supplements: int
) -> dict:
    """The fact of one dossier (`row`: `DOSSIER_COLUMNS`), as column → value."""
    received_at = row["received_at"]
    # Processing ends only for a received dossier (766: one refused or withdrawn at the desk was never processed);
    # `finished_at` is already the end the index chooses: result ready, else returned, else stopped / refused.
    ended = row["finished_at"] if received_at is not None else None
    supplements = history.supplements_after_receipt
    return {
        "agency_id": row["agency_id"],
        "unit_id": unit_id,
        "procedure_id": row["procedure_version__procedure_id"],
        "procedure_version_id": row["procedure_version_id"],
        "field_id": row["procedure_version__procedure__field_id"],
        "level": row["agency__level"],
        "channel": row["channel"],
        "national_channel": CHANNEL_CODES[Channel(row["channel"])],
        "status": row["status"],
        "submitted_at": row["submitted_at"],
        "received_at": received_at,
        "received_day": _local_day(received_at),
        "due_at": row["due_at"],
        "end_of_processing_at": ended,
        "end_day": _local_day(ended),
        "end_kind": _end_kind(history.kinds),
        "supplement_count": supplements,
        "supplement_seconds": history.supplement_seconds,
        "is_on_time": None
        if ended is None
        else processed_on_time(
            finished_at=ended, due_at=row["due_at"], supplement_count=supplements, max_supplements=max_supplements
        ),
        "has_e_result": row["status"] == Status.RETURNED
        and row["result_delivery"] == ResultDelivery.ELECTRONIC
        and history.has_result_file,
        "is_digitised": history.has_component_file and history.has_result_file,
        "reused_component": EventKind.DOCUMENT_REUSED in history.kinds,
        "paid_online_kind": paid_online_kind(history.fee_events),
        "fee_total": fee_total,
        "national_sync_state": sync_state,
        "version": row["event_seq"],
    }


def facts_compute(lo: int, hi: int) -> dict[int, dict]:
    """dossier id → its fact, for every dossier with ids in [lo, hi) that has an event (one submitted or received)."""
    rows = list(Dossier.objects.filter(pk__gte=lo, pk__lt=hi, event_seq__gt=0).values(*DOSSIER_COLUMNS))
    if not rows:
        return {}
    histories = _histories(lo, hi)
    fees = _fee_totals(row["procedure_version_id"] for row in rows)
    syncs = NationalSync.objects.filter(dossier_id__gte=lo, dossier_id__lt=hi)
    sync_states = {
        dossier_id: fact_sync_state(state=state, last_synced_at=last_synced_at, synced_status=synced_status)
        for dossier_id, state, last_synced_at, synced_status in syncs.values_list(
            "dossier_id", "state", "last_synced_at", "synced_status"
        )
    }
    # The index's own rule ("asked more than once ⇒ overdue"), read from the formula version the scores use, so the
    # daily figures' on-time counts and the scores cannot follow two different rules.
    max_supplements = load_version(CURRENT_VERSION).counting.overdue_at_supplement_count - 1
    units = answering_units(rows)
    return {
        row["pk"]: fact_values(
            row,
            histories.get(row["pk"]) or History(),
            unit_id=units[row["pk"]],
            fee_total=fees.get(row["procedure_version_id"], 0),
            sync_state=sync_states.get(row["pk"], ""),
            max_supplements=max_supplements,
        )
        for row in rows
    }
