"""The bulk upsert: progress on dossiers the system already has is applied as a set, every other item one at a time.

The steady state of a system reporting in bulk is one new action on each of many dossiers it created earlier
(docs/performance.md, bench/sync). Those items are applied together, in one transaction: the links read in one
statement, the dossiers to change locked in another (in id order, so two batches cannot deadlock), the service
account's grants and the procedures' steps read once, each item's action checked and applied in Python by the same
rule functions its lifecycle service calls (`steps.forward_check`, `forward_group`, `forward_apply`;
`events.event_build`, chained per dossier), and the rows written with one statement per table.

An item the batch does not take — a new dossier, an action of another kind, more than one new action, an external
id twice in the request, an item a rule refuses — goes through the per-item path (`_upsert_one`) as before, in its
own savepoint: each item gets the answer it got before, and one refused item does not undo the others.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from lienthong.catalogue.models import ProcessStep
from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models import Dossier, DossierEvent, OutboxMessage, StepInstance
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.events import enqueue_dispatch, event_build, outbox_messages
from lienthong.dossiers.services.guards import officer_grants
from lienthong.dossiers.services.routing import step_agency
from lienthong.dossiers.services.steps import (
    forward_apply,
    forward_check,
    forward_event_payload,
    forward_group,
    step_due,
)
from lienthong.gateway.constants import ReportAction
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ConnectedSystem, SystemDossier
from lienthong.gateway.services.dossiers import Action, NewDossier, UpsertOutcome, _upsert_one
from lienthong.org.models import Agency

# The action kinds the batch applies itself; any other goes through its lifecycle service, one item at a time.
BATCH_ACTIONS = frozenset({ReportAction.FORWARD})
DOSSIER_FIELDS = ["status", "updated_at", "event_seq", "event_head"]
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


@dataclass
class _Planned:
    index: int
    link: SystemDossier
    opened: list[StepInstance]


class _Batch:
    """What the rules need, read once for the batch: the account's grants, each procedure's steps, routing."""

    def __init__(self, system: ConnectedSystem, links: list[SystemDossier]) -> None:
        self.officer = system.account
        self.held = officer_grants(self.officer)
        versions = {link.dossier.procedure_version_id for link in links}
        self.steps: dict[int, list[ProcessStep]] = {version: [] for version in versions}
        rows = ProcessStep.objects.filter(version_id__in=versions).select_related("agency").order_by("position")
        for step in rows:
            self.steps[step.version_id].append(step)
        self.routes: dict[tuple[int, int], Agency] = {}
        # One instant for the batch, as for one transaction: each step then falls due at one instant, computed once.
        self.now = timezone.now()
        self.dues: dict[int, dt.datetime] = {}

    def route(self, step: ProcessStep, dossier: Dossier) -> Agency:
        """`step_agency`, once per step and receiving agency: it depends on nothing else."""
        key = (step.pk, dossier.agency_id)
        if key not in self.routes:
            self.routes[key] = step_agency(step=step, dossier=dossier)
        return self.routes[key]

    def due(self, step: ProcessStep) -> dt.datetime:
        if step.pk not in self.dues:
            self.dues[step.pk] = step_due(step, now=self.now)
        return self.dues[step.pk]

    def forward(self, dossier: Dossier) -> list[StepInstance]:
        """`dossier_forward`'s checks and change, on the dossier held in memory; raises its refusal unchanged."""
        forward_check(officer=self.officer, dossier=dossier, held=self.held)
        group = forward_group(self.steps[dossier.procedure_version_id])
        agencies, dues = [self.route(step, dossier) for step in group], [self.due(step) for step in group]
        opened = forward_apply(dossier, group, now=self.now, agencies=agencies, dues=dues)
        dossier.updated_at = timezone.now()  # as `save()` sets it (auto_now); the bulk write does not
        return opened


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
            _lock(link for _index, link in pending)
            planned = _plan(_Batch(system, [link for _index, link in pending]), pending)
            _write(planned, officer=system.account)
            for plan in planned:
                plan.link.actions_applied += 1
                outcomes[plan.index] = UpsertOutcome(external_id=plan.link.external_id, link=plan.link, applied=1)
    return outcomes


def _lock(links: Iterable[SystemDossier]) -> None:
    """Each link's dossier read again under a row lock, as `dossier_lock` does for one, all in one statement and in
    id order, so that two batches over the same dossiers wait for each other instead of deadlocking; the rules then
    see the dossier as the last transaction to hold it left it."""
    by_dossier = {link.dossier_id: link for link in links}
    locked = list(Dossier.objects.select_for_update().filter(pk__in=list(by_dossier)).order_by("pk"))
    # The receiving agencies read once each, not joined to every row: a batch's dossiers share a few.
    agencies = Agency.objects.in_bulk({dossier.agency_id for dossier in locked})
    for dossier in locked:
        dossier.agency = agencies[dossier.agency_id]
        by_dossier[dossier.pk].dossier = dossier


def _plan(batch: _Batch, pending: list[tuple[int, SystemDossier]]) -> list[_Planned]:
    planned = []
    for index, link in pending:
        try:
            opened = batch.forward(link.dossier)
        except DossierError:
            continue  # refused: the per-item path runs the same rule and answers with its refusal
        planned.append(_Planned(index, link, opened))
    return planned


def _write(planned: list[_Planned], *, officer) -> None:
    """One statement per table; the step instances first, since the events name their ids."""
    if not planned:
        return
    _insert(StepInstance, [instance for plan in planned for instance in plan.opened])
    events = [
        event_build(dossier=plan.link.dossier, kind=EventKind.FORWARDED, actor=officer,
                    status_before=Status.RECEIVED, payload=forward_event_payload(plan.opened))
        for plan in planned
    ]  # fmt: skip
    _insert(DossierEvent, events)
    messages = [message for event in events for message in outbox_messages(event)]
    if messages:
        _insert(OutboxMessage, messages)
        transaction.on_commit(enqueue_dispatch)
    _dossiers_save([plan.link.dossier for plan in planned])
    links = [plan.link.pk for plan in planned]
    SystemDossier.objects.filter(pk__in=links).update(actions_applied=F("actions_applied") + 1)


def _server_cursor(db):
    """A cursor of the request's connection that sends its parameters apart from the statement (psycopg's
    server-side binding; `%b` sends one in binary), wrapped as Django wraps its own (query logging and counting,
    execute wrappers). Django's cursors bind client-side: psycopg then quotes an array parameter element by element
    into the statement's text, which for a batch's rows cost more than building them (bench/sync, fifth round)."""
    import psycopg  # PostgreSQL only

    db.ensure_connection()
    raw = psycopg.Cursor(db.connection)
    return db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw)


def _arrays(db, fields: list) -> str:
    """`UNNEST`'s arguments, one array parameter per field: varchar[], not varchar(64)[], as Django's own UNNEST
    insert casts them."""
    return ", ".join(f"%b::{field.db_type(db).split('(')[0]}[]" for field in fields)


def _insert(model, objs: list) -> None:
    """`bulk_create(objs)`: the same rows, the same values (`pre_save` then `get_db_prep_save` of each field, auto
    primary keys set from RETURNING, in order). On PostgreSQL one `INSERT … SELECT FROM UNNEST` with one array per
    column, bound server-side; elsewhere (SQLite) `bulk_create` itself."""
    # The connection itself, not the `connection` proxy: each attribute of the proxy is a thread-local look-up,
    # and preparing a value looks up several.
    db = transaction.get_connection()
    if db.vendor != "postgresql" or not objs:
        model.objects.bulk_create(objs)
        return
    meta, quote = model._meta, db.ops.quote_name
    auto = meta.pk if isinstance(meta.pk, AutoFieldMixin) else None
    fields = [field for field in meta.concrete_fields if field is not auto and not field.generated]
    arrays = [[field.get_db_prep_save(field.pre_save(obj, True), db) for obj in objs] for field in fields]
    columns = ", ".join(quote(field.column) for field in fields)
    returning = f" RETURNING {quote(auto.column)}" if auto else ""
    # Names come from the model's _meta, quoted; every value is a parameter.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT * FROM UNNEST({_arrays(db, fields)}){returning}"  # noqa: S608
    with _server_cursor(db) as cursor:
        cursor.execute(sql, arrays)
        if auto:
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                setattr(obj, auto.attname, pk)
    for obj in objs:
        obj._state.adding, obj._state.db = False, db.alias


def _dossiers_save(dossiers: list[Dossier]) -> None:
    """Status, update stamp and chain head of every dossier in one statement. On PostgreSQL an `UPDATE … FROM
    UNNEST(…)`, one array per column, bound server-side: `bulk_update`'s CASE per row and field took longer to build
    in Python than the batch's other statements together (bench/sync_profile.py --profile); elsewhere (SQLite)
    `bulk_update`."""
    db = transaction.get_connection()
    if db.vendor != "postgresql":
        Dossier.objects.bulk_update(dossiers, DOSSIER_FIELDS)
        return
    meta, quote = Dossier._meta, db.ops.quote_name
    fields = [meta.pk, *(meta.get_field(name) for name in DOSSIER_FIELDS)]
    columns = [quote(field.column) for field in fields]
    arrays = [[field.get_db_prep_save(getattr(d, field.attname), db) for d in dossiers] for field in fields]
    table = quote(meta.db_table)
    assignments = ", ".join(f"{column} = v.{column}" for column in columns[1:])
    # Names come from the model's _meta, quoted; every value is a parameter.
    sql = (
        f"UPDATE {table} SET {assignments} FROM UNNEST({_arrays(db, fields)}) "  # noqa: S608
        f"AS v({', '.join(columns)}) WHERE {table}.{columns[0]} = v.{columns[0]}"
    )
    with _server_cursor(db) as cursor:
        cursor.execute(sql, arrays)
