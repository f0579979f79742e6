"""The one writer of the read model: a dossier's fact and its share of the daily figures, kept after every event;
a complaint's and a rating's facts, kept after theirs (their rebuild from the history: `reports.rebuild`)."""

import functools
import logging
from typing import Any

from django.db import transaction

from lienthong.core.bulk import rows_increment
from lienthong.reports.constants import FIGURE_COUNTERS, FIGURE_KEYS
from lienthong.reports.facts import FACT_FIELDS, fact_sync_state, facts_compute
from lienthong.reports.figure_store import periods_touch
from lienthong.reports.figures import figure_rows, figures_difference
from lienthong.reports.freshness import months_touch
from lienthong.reports.models import ComplaintFact, DailyFigure, DossierFact, RatingFact
from lienthong.reports.petition_facts import (
    complaint_fact_as_dict,
    complaint_facts_compute,
    rating_fact_as_dict,
    rating_facts_compute,
)

log = logging.getLogger(__name__)


def fact_as_dict(fact: DossierFact | None) -> dict | None:
    return None if fact is None else {name: getattr(fact, name) for name in FACT_FIELDS}


def figures_increment(figures: dict) -> None:
    rows_increment(DailyFigure, keys=FIGURE_KEYS, counters=FIGURE_COUNTERS, rows=figure_rows(figures))


@transaction.atomic
def fact_refresh(*, dossier_id: int) -> bool:
    """Bring the dossier's fact and the figures up to its present state; True if anything changed.

    Idempotent and order-insensitive: it reads the dossier as it is now, whatever event (or repeat) woke it, and
    moves the figures by the difference from the fact stored. The fact's row lock (taken on a placeholder for a
    dossier seen the first time) makes two deliveries for one dossier apply one after the other.
    """
    DossierFact.objects.bulk_create([_placeholder(dossier_id)], ignore_conflicts=True)
    stored = DossierFact.objects.select_for_update().get(pk=dossier_id)
    old = None if stored.version == 0 else fact_as_dict(stored)
    new = facts_compute(dossier_id, dossier_id + 1).get(dossier_id)
    if new == old:
        if new is None:
            stored.delete()  # a placeholder for a dossier without events: nothing to keep
        return False
    figures_increment(figures_difference(old, new))
    received = [(old or {}).get("received_at"), (new or {}).get("received_at")]
    transaction.on_commit(lambda: months_touch(received))
    transaction.on_commit(functools.partial(periods_touch, received), robust=True)
    if new is None:
        stored.delete()
        return True
    for name, value in new.items():
        setattr(stored, name, value)
    stored.save()
    return True


def _placeholder(dossier_id: int) -> DossierFact:
    """A fact with version 0: it stands for "none yet" and contributes nothing."""
    return DossierFact(
        dossier_id=dossier_id, agency_id=0, unit_id=0, procedure_id=0, procedure_version_id=0, field_id=0, level="",
        channel="", national_channel=0, status="", version=0,
    )  # fmt: skip


def fact_on_event(envelope: dict[str, Any]) -> None:
    """The outbox subscriber (`reports.facts`): any delivery of any event of the dossier refreshes its fact."""
    fact_refresh(dossier_id=int(envelope["dossier_id"]))


# What the fact reads of a `national.NationalSync` row (`facts.fact_sync_state`).
SYNC_FIELDS = ("state", "last_synced_at", "synced_status")
_SEEN = "_reports_fact_sync_state"  # set on each NationalSync instance: the fact's sync state as loaded or last saved


def _sync_state_of(instance) -> str | None:
    """The fact's sync state this row gives; None when one of its fields was not loaded (`.only()`): reading it
    would cost a query per row, and not knowing only means the next save refreshes the fact."""
    if any(name not in instance.__dict__ for name in SYNC_FIELDS):
        return None
    return fact_sync_state(
        state=instance.state, last_synced_at=instance.last_synced_at, synced_status=instance.synced_status
    )


def fact_sync_seen(sender, instance, **kwargs) -> None:
    """`post_init` of NationalSync: remember the fact's sync state the row gives as loaded."""
    setattr(instance, _SEEN, _sync_state_of(instance))


def fact_on_national_sync(sender, instance, created: bool = False, **kwargs) -> None:
    """A dossier's national sync row was saved: its fact follows once that commits — only when what the fact reads
    of it changed. The connector saves the row several times per event (marked pending, claimed, attempts, sent);
    the fact's state moves once when the portal first holds the dossier as received, not at each update after.
    Robust: a failure here is logged and never undoes the sync; the next event or a rebuild repairs the fact."""
    before = "" if created else getattr(instance, _SEEN, None)
    now = _sync_state_of(instance)
    setattr(instance, _SEEN, now)
    if now is not None and now == before:
        return
    transaction.on_commit(functools.partial(fact_refresh, dossier_id=instance.dossier_id), robust=True)


# -- complaints' and ratings' facts ---------------------------------------------------------------------------------


def _touched_after_commit(instants: list) -> None:
    """Periods holding these instants count their figures again, and the scores processes hold of them go."""
    transaction.on_commit(lambda: months_touch(instants))
    transaction.on_commit(functools.partial(periods_touch, instants), robust=True)


def _dossiers_received_at(dossier_ids: set) -> list:
    ids = [pk for pk in dossier_ids if pk is not None]
    return list(DossierFact.objects.filter(pk__in=ids).values_list("received_at", flat=True)) if ids else []


@transaction.atomic
def complaint_fact_refresh(*, complaint_id: int) -> bool:
    """Bring the complaint's fact up to its present state; True if it changed. Like `fact_refresh`, it reads the
    complaint as it is now, whatever event woke it: a repeat changes nothing. It runs in the complaint's own
    transaction (`core.events.record_publish`), which holds the complaint's row."""
    stored = ComplaintFact.objects.select_for_update().filter(pk=complaint_id).first()
    old = complaint_fact_as_dict(stored)
    new = complaint_facts_compute(complaint_id, complaint_id + 1).get(complaint_id)
    if new == old:
        return False
    if new is None:
        ComplaintFact.objects.filter(pk=complaint_id).delete()
    else:
        ComplaintFact.objects.update_or_create(complaint_id=complaint_id, defaults=new)
    # The PAKN figures of the months its answer was due or given; "dossiers with a PAKN" of the named dossier's.
    instants = [f.get(name) for f in (old or {}, new or {}) for name in ("answered_at", "answer_due_at")]
    instants += _dossiers_received_at({(old or {}).get("dossier_id"), (new or {}).get("dossier_id")})
    _touched_after_commit(instants)
    return True


@transaction.atomic
def rating_fact_refresh(*, dossier_id: int) -> bool:
    """Bring the dossier's rating fact up to its rating (written once); True if it changed."""
    stored = RatingFact.objects.select_for_update().filter(pk=dossier_id).first()
    old = rating_fact_as_dict(stored)
    new = rating_facts_compute(dossier_id, dossier_id + 1).get(dossier_id)
    if new == old:
        return False
    if new is None:
        RatingFact.objects.filter(pk=dossier_id).delete()
    else:
        RatingFact.objects.update_or_create(dossier_id=dossier_id, defaults=new)
    _touched_after_commit(_dossiers_received_at({dossier_id}))
    return True


def complaint_fact_on_event(envelope: dict[str, Any]) -> None:
    """The subscriber of complaints' events (`reports.complaint_facts`)."""
    complaint_fact_refresh(complaint_id=int(envelope["complaint_id"]))


def rating_fact_on_event(envelope: dict[str, Any]) -> None:
    """The subscriber of the feedback app's event (`reports.rating_facts`): a dossier was rated."""
    rating_fact_refresh(dossier_id=int(envelope["dossier_id"]))
