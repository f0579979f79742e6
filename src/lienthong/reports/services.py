"""The one writer of the read model: a dossier's fact and its share of the daily figures, kept after every event, and
the rebuild of both from the history (`lienthong reports_rebuild`)."""

import functools
import logging
from typing import Any

from django.db import transaction

from lienthong.core.bulk import rows_increment
from lienthong.reports.constants import FIGURE_COUNTERS, FIGURE_KEYS
from lienthong.reports.facts import FACT_FIELDS, facts_compute
from lienthong.reports.figures import figure_rows, figures_difference
from lienthong.reports.freshness import months_touch
from lienthong.reports.models import DailyFigure, DossierFact

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
    transaction.on_commit(lambda: months_touch([(old or {}).get("received_at"), (new or {}).get("received_at")]))
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


def fact_on_national_sync(sender, instance, **kwargs) -> None:
    """A dossier's national sync state was saved: its fact follows once that commits (robust: a failure here is
    logged and never undoes the sync; the next event or a rebuild repairs the fact)."""
    transaction.on_commit(functools.partial(fact_refresh, dossier_id=instance.dossier_id), robust=True)
