"""The dossier's `next_due_at`: the due instant of its earliest active step (consultations aside, as the inbox has
always judged a dossier by its own steps), NULL when none is active. Every change to a dossier's steps ends with an
event, so the writers of events keep it: `record_event` in the update that moves the chain's head
(`next_due_subquery`, in SQL, over the steps as the change left them), the batch and the demo's history from the
steps they hold in memory (`next_due_of`). tests/backoffice/test_the_next_deadline_is_kept_on_the_dossier.py and
the batch-equals-per-item tests hold the two forms equal."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Min, OuterRef, Subquery

from lienthong.dossiers.constants import StepKind, StepState
from lienthong.dossiers.models import StepInstance


def next_due_subquery(dossier: str = "pk") -> Subquery:
    """The earliest due instant of the active steps of the dossier at `dossier` (an outer reference)."""
    active = StepInstance.objects.filter(dossier=OuterRef(dossier), state=StepState.ACTIVE, kind=StepKind.STEP)
    return Subquery(active.values("dossier").annotate(first=Min("due_at")).values("first")[:1])


def next_due_of(steps: Iterable[Any]) -> dt.datetime | None:
    """The same, over a dossier's steps held in memory (model instances or the history's rows)."""
    return min((s.due_at for s in steps if s.state == StepState.ACTIVE and s.kind == StepKind.STEP), default=None)
