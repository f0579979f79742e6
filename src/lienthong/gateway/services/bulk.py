"""The bulk upsert: progress on dossiers the system already has, and new dossiers, applied as sets; the rest one at a
time.

The steady state of a system reporting in bulk is one new action on each of many dossiers it created earlier
(docs/performance.md, bench/sync). Those items are applied together, in one transaction: the links read in one
statement, then the dossier app's own batch services (`dossiers.services.batch`, `batch_progress`: the dossiers
locked in id order, each checked and changed by the rules its per-item service applies — `dossier_forward`,
`dossier_refuse`, `dossier_withdraw`, `dossier_complete_step`, `dossier_return`, `dossier_request_supplement`,
`dossier_supplement_received` — the rows, events through the event log, written with one statement per table).
Every action a system reports but `receive` on a dossier it already has goes this way. This module only matches the
system's items to its dossiers and answers per item.

New dossiers whose history is nothing yet or the desk's receipt go as a set too, last in the request: the dossier
app's batch of submissions (`dossiers.services.batch_intake`) inserts them, this module their links, and then the
agency's code counter is taken once for all of them, in one statement, so it stays locked only over the few
statements left before commit (docs/performance.md, bench/sync, sixth round).

An item neither batch takes — an action of another kind, more than one new action, an external id twice in the
request, an unknown procedure, an item a rule refuses in the progress batch — goes through the per-item path
(`_upsert_one`) as before, in its own savepoint: each item gets the answer it got before, and one refused item does
not undo the others.
"""

from collections import Counter
from collections.abc import Sequence
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F

from lienthong.catalogue.models import ProcedureVersion, RequiredDocument
from lienthong.core.bulk import rows_insert
from lienthong.dossiers.constants import Channel
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.batch import dossiers_close_batch, dossiers_forward_batch, dossiers_lock_many
from lienthong.dossiers.services.batch_intake import Submission, dossiers_submit_batch
from lienthong.dossiers.services.batch_progress import (
    CompleteStep,
    RequestSupplement,
    ReturnResult,
    SupplementReceived,
    Transition,
    dossiers_progress_batch,
)
from lienthong.gateway.constants import ReportAction
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ConnectedSystem, SystemDossier
from lienthong.gateway.services.dossiers import (
    Action,
    NewDossier,
    UpsertOutcome,
    _upsert_one,
    procedure_version_current,
    step_pick,
)

# The action kinds the batch applies itself; any other goes through its lifecycle service, one item at a time.
BATCH_ACTIONS = frozenset({
    ReportAction.FORWARD, ReportAction.REFUSE, ReportAction.WITHDRAW, ReportAction.COMPLETE_STEP,
    ReportAction.RETURN, ReportAction.REQUEST_SUPPLEMENT, ReportAction.SUPPLEMENT_RECEIVED,
})  # fmt: skip
CLOSINGS = (ReportAction.REFUSE, ReportAction.WITHDRAW)
LINK_FIELDS = [field.name for field in SystemDossier._meta.concrete_fields]

Items = Sequence[tuple[NewDossier, Sequence[Action]]]


def system_dossiers_upsert(*, system: ConnectedSystem, items: Items) -> list[UpsertOutcome]:
    """Many dossiers by the system's own ids: one refused item does not undo the others, and the outcome says which
    and why. Progress on known dossiers goes as a set (`_batch_progress`), new dossiers as another, last
    (`_batch_create`), the rest item by item."""
    taken, unknown = _batch_progress(system, items)
    creates = [index for index in unknown if _creatable(items[index][1])]
    later = set(creates)
    outcomes: dict[int, UpsertOutcome] = {}
    for index, (new, actions) in enumerate(items):
        if index in taken:
            outcomes[index] = taken[index]
        elif index not in later:
            outcomes[index] = _one(system, new, actions)
    created = _batch_create(system, items, creates)  # last: the code counter is locked from there to commit
    for index in creates:
        outcomes[index] = created[index] if index in created else _one(system, *items[index])
    return [outcomes[index] for index in range(len(items))]


def _one(system: ConnectedSystem, new: NewDossier, actions: Sequence[Action]) -> UpsertOutcome:
    try:
        with transaction.atomic():
            return _upsert_one(system, new, actions)
    except (DossierError, GatewayError) as exc:
        return UpsertOutcome(external_id=new.external_id, error=exc)


def _creatable(actions: Sequence[Action]) -> bool:
    """A new dossier the batch of submissions creates: nothing done yet, or received at the desk only."""
    return not actions or (len(actions) == 1 and actions[0].kind == ReportAction.RECEIVE)


def _batch_progress(system: ConnectedSystem, items: Items) -> tuple[dict[int, UpsertOutcome], list[int]]:
    """The outcomes of the items the batch took, by their index in `items` (the others are left untouched), and the
    indexes of the items, each the only one with its external id, that the system has no dossier for yet."""
    counts = Counter(new.external_id for new, _actions in items)
    wanted = {new.external_id: index for index, (new, _actions) in enumerate(items) if counts[new.external_id] == 1}
    if not wanted:
        return {}, []
    with transaction.atomic():
        # Of the dossier, only what an `unchanged` answer shows: one to change is read again, whole, under its lock.
        links = (
            SystemDossier.objects.filter(system=system, external_id__in=list(wanted))
            .select_related("dossier")
            .only(*LINK_FIELDS, "dossier__code", "dossier__status")
        )
        outcomes: dict[int, UpsertOutcome] = {}
        pending: list[tuple[int, SystemDossier, Action]] = []
        unknown = dict(wanted)
        for link in links:
            index = unknown.pop(link.external_id)
            new_actions = list(items[index][1])[link.actions_applied :]
            if not new_actions:  # nothing new: answered from the link as read, as the per-item path does
                outcomes[index] = UpsertOutcome(external_id=link.external_id, link=link)
            elif len(new_actions) == 1 and new_actions[0].kind in BATCH_ACTIONS:
                pending.append((index, link, new_actions[0]))
        if pending:
            outcomes.update(_progress(system, pending))
    return outcomes, sorted(unknown.values())


def _progress(system: ConnectedSystem, pending: list[tuple[int, SystemDossier, Action]]) -> dict[int, UpsertOutcome]:
    """Apply the pending links' actions as batches of the dossier app (forwards, endings, the other transitions); the
    links whose dossier changed count the action."""
    by_dossier = {link.dossier_id: (index, link, action) for index, link, action in pending}
    locked = dossiers_lock_many(ids=by_dossier)
    for dossier in locked:  # each link's dossier as the last transaction to hold it left it
        by_dossier[dossier.pk][1].dossier = dossier
    officer = system.account
    forwards = [d for d in locked if by_dossier[d.pk][2].kind == ReportAction.FORWARD]
    closings = [(d, action.kind, action.reason) for d in locked if (action := by_dossier[d.pk][2]).kind in CLOSINGS]
    others = [
        (d, _transition(system, action))
        for d in locked
        if (action := by_dossier[d.pk][2]).kind not in CLOSINGS and action.kind != ReportAction.FORWARD
    ]
    changed = set(dossiers_forward_batch(officer=officer, dossiers=forwards)) if forwards else set()
    if closings:
        changed |= dossiers_close_batch(officer=officer, closings=closings)
    if others:
        changed |= dossiers_progress_batch(officer=officer, items=others)
    done = [by_dossier[dossier_id][:2] for dossier_id in sorted(changed)]
    SystemDossier.objects.filter(pk__in=[link.pk for _index, link in done]).update(
        actions_applied=F("actions_applied") + 1
    )
    outcomes = {}
    for index, link in done:
        link.actions_applied += 1
        outcomes[index] = UpsertOutcome(external_id=link.external_id, link=link, applied=1)
    return outcomes


def _transition(system: ConnectedSystem, action: Action) -> Transition:
    """The dossier app's transition for a reported action, with the fields `_runner` passes its per-item service."""
    match action.kind:
        case ReportAction.COMPLETE_STEP:
            return CompleteStep(pick=partial(step_pick, agency_id=system.agency_id, step_id=action.step_id),
                                note=action.note, approve=action.approve)  # fmt: skip
        case ReportAction.RETURN:
            return ReturnResult(delivery=action.delivery, note=action.note)
        case ReportAction.REQUEST_SUPPLEMENT:
            return RequestSupplement(missing=list(action.missing), note=action.note)
        case ReportAction.SUPPLEMENT_RECEIVED:
            return SupplementReceived(documents_added=list(action.missing), note=action.note)
    raise ValueError(action.kind)


def _batch_create(system: ConnectedSystem, items: Items, indexes: list[int]) -> dict[int, UpsertOutcome]:
    """Create (and receive) the new dossiers of `indexes` as one batch of submissions, their links written before the
    counter is taken; their outcomes by index. An unknown procedure is left to the per-item path (its answer), and
    so is the whole batch if a concurrent call took one of its external ids first (each then gets its 409)."""
    versions = _versions({items[index][0].procedure_code for index in indexes})
    indexes = [index for index in indexes if items[index][0].procedure_code in versions]
    if not indexes:
        return {}
    mandatory = _mandatory_documents(list(versions.values()))
    submissions = []
    for index in indexes:
        new, actions = items[index]
        version = versions[new.procedure_code]
        present = actions[0].documents_present if actions else None
        submissions.append(Submission(
            version=version, applicant=new.applicant, form_data=new.form_data, result_delivery=new.result_delivery,
            summary=new.summary, receive=bool(actions),
            documents_present=frozenset(mandatory[version.pk] if present is None else present),
        ))  # fmt: skip
    links: dict[int, SystemDossier] = {}

    def link(created: list[tuple[int, Dossier]]) -> None:
        for position, dossier in created:
            new, actions = items[indexes[position]]
            links[indexes[position]] = SystemDossier(system=system, dossier=dossier, external_id=new.external_id,
                                                     actions_applied=len(actions))  # fmt: skip
        rows_insert(SystemDossier, list(links.values()))

    try:
        with transaction.atomic():
            answers = dossiers_submit_batch(agency=system.agency, channel=Channel.CONNECTED_SYSTEM,
                                            actor_label=system.name, officer=system.account,
                                            submissions=submissions, before_codes=link)  # fmt: skip
    except IntegrityError:  # a concurrent call took an external id first: the per-item path answers each
        return {}
    outcomes = {}
    for index, answer in zip(indexes, answers, strict=True):
        new, actions = items[index]
        if isinstance(answer, DossierError):
            outcomes[index] = UpsertOutcome(external_id=new.external_id, error=answer)
        else:
            outcomes[index] = UpsertOutcome(external_id=new.external_id, link=links[index], created=True,
                                            applied=len(actions))  # fmt: skip
    return outcomes


def _versions(codes: set[str]) -> dict[str, ProcedureVersion]:
    """The current version of each procedure code that has one (another is the per-item path's to refuse)."""
    found = {}
    for code in codes:
        try:
            found[code] = procedure_version_current(code)
        except GatewayError:
            continue
    return found


def _mandatory_documents(versions: list[ProcedureVersion]) -> dict[int, set[int]]:
    """Each version's mandatory documents, which a reported receipt without its own list ticks (as the per-item
    path's `_mandatory_documents` does, one version at a time)."""
    mandatory: dict[int, set[int]] = {version.pk: set() for version in versions}
    rows = RequiredDocument.objects.filter(version__in=versions, is_mandatory=True).values_list("version_id", "pk")
    for version_id, pk in rows:
        mandatory[version_id].add(pk)
    return mandatory
