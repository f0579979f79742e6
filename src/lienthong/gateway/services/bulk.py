"""The bulk upsert: progress on dossiers the system already has is applied as a set, every other item one at a time.

The steady state of a system reporting in bulk is one new action on each of many dossiers it created earlier
(docs/performance.md, bench/sync). Those items are applied together, in one transaction: the links read in one
statement, then the dossier app's own batch service (`dossiers.services.batch`: the dossiers locked in id order, each
checked and changed by the rules `dossier_forward` applies, the rows — events through the event log — written with
one statement per table). This module only matches the system's items to its dossiers and answers per item.

An item the batch does not take — a new dossier, an action of another kind, more than one new action, an external
id twice in the request, an item a rule refuses — goes through the per-item path (`_upsert_one`) as before, in its
own savepoint: each item gets the answer it got before, and one refused item does not undo the others.
"""

from collections import Counter
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F

from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.batch import dossiers_forward_batch, dossiers_lock_many
from lienthong.gateway.constants import ReportAction
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ConnectedSystem, SystemDossier
from lienthong.gateway.services.dossiers import Action, NewDossier, UpsertOutcome, _upsert_one

# The action kinds the batch applies itself; any other goes through its lifecycle service, one item at a time.
BATCH_ACTIONS = frozenset({ReportAction.FORWARD})
LINK_FIELDS = [field.name for field in SystemDossier._meta.concrete_fields]

Items = Sequence[tuple[NewDossier, Sequence[Action]]]


def system_dossiers_upsert(*, system: ConnectedSystem, items: Items) -> list[UpsertOutcome]:
    """Many dossiers by the system's own ids: one refused item does not undo the others, and the outcome says which
    and why. Progress on known dossiers goes as a set (`_batch_progress`), the rest item by item."""
    taken = _batch_progress(system, items)
    outcomes = []
    for index, (new, actions) in enumerate(items):
        if index in taken:
            outcomes.append(taken[index])
            continue
        try:
            with transaction.atomic():
                outcomes.append(_upsert_one(system, new, actions))
        except (DossierError, GatewayError) as exc:
            outcomes.append(UpsertOutcome(external_id=new.external_id, error=exc))
    return outcomes


def _batch_progress(system: ConnectedSystem, items: Items) -> dict[int, UpsertOutcome]:
    """The outcomes of the items the batch took, by their index in `items`; the others are left untouched."""
    counts = Counter(new.external_id for new, _actions in items)
    wanted = {new.external_id: index for index, (new, _actions) in enumerate(items) if counts[new.external_id] == 1}
    if not wanted:
        return {}
    with transaction.atomic():
        # Of the dossier, only what an `unchanged` answer shows: one to change is read again, whole, under its lock.
        links = (
            SystemDossier.objects.filter(system=system, external_id__in=list(wanted))
            .select_related("dossier")
            .only(*LINK_FIELDS, "dossier__code", "dossier__status")
        )
        outcomes: dict[int, UpsertOutcome] = {}
        pending: list[tuple[int, SystemDossier]] = []
        for link in links:
            index = wanted[link.external_id]
            new_actions = list(items[index][1])[link.actions_applied :]
            if not new_actions:  # nothing new: answered from the link as read, as the per-item path does
                outcomes[index] = UpsertOutcome(external_id=link.external_id, link=link)
            elif len(new_actions) == 1 and new_actions[0].kind in BATCH_ACTIONS:
                pending.append((index, link))
        if pending:
            outcomes.update(_forward(system, pending))
    return outcomes


def _forward(system: ConnectedSystem, pending: list[tuple[int, SystemDossier]]) -> dict[int, UpsertOutcome]:
    """Forward the pending links' dossiers as one batch of the dossier app; the links it forwarded count the action."""
    by_dossier = {link.dossier_id: (index, link) for index, link in pending}
    locked = dossiers_lock_many(ids=by_dossier)
    for dossier in locked:  # each link's dossier as the last transaction to hold it left it
        by_dossier[dossier.pk][1].dossier = dossier
    forwarded = dossiers_forward_batch(officer=system.account, dossiers=locked)
    done = [by_dossier[dossier_id] for dossier_id in forwarded]
    SystemDossier.objects.filter(pk__in=[link.pk for _index, link in done]).update(
        actions_applied=F("actions_applied") + 1
    )
    outcomes = {}
    for index, link in done:
        link.actions_applied += 1
        outcomes[index] = UpsertOutcome(external_id=link.external_id, link=link, applied=1)
    return outcomes
