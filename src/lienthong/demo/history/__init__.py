"""`demo_history_build`: two years of dossiers for the demo province, made by the lifecycle's rules, in seconds.

Why a replay and not the services. Twenty thousand dossiers through `dossier_receive`, `dossier_forward`,
`dossier_complete_step`, … is some 160,000 service calls, each locking a row, re-reading the calendar's rules and
writing its event and outbox rows one at a time: many minutes, and an outbox of 160,000 e-mails to applicants who
do not exist. Instead each dossier's story is *replayed* in memory by the same rules the services apply, and the
result is written with bulk inserts in one transaction:

- the same clock: one `work_calendar_current()` calendar for the whole build; due dates by `calendar.add` with the
  procedure version's time limit from the receipt instant (what `services.clock.due_for` computes, cut-off
  included), step due dates by `calendar.add` of the step's quota, suspended time by `working_time_between`, and
  pushed-back deadlines by `services.clock.clock_push_back` itself;
- the same rules: `dossiers.*` rules read once with `rule_get` — supplements once and within the notice period,
  the supplement clock restarting or resuming, an apology only once and at least the lead time before the due date;
- the same routing: `services.routing.step_agency`, memoised per step kind and receiving agency;
- the same order of steps: the groups `dossier_forward` and `dossier_complete_step` walk (`steps._group_after`);
- the same codes: `<agency>-<YYMMDD>-<NNNN>` numbered per receiving agency and local day in order of issue (at
  submission online, at receipt otherwise), after any number already issued, with `DossierCodeCounter` set to the
  last one, so a live receipt continues;
- the same events: for each action the event its service writes — kind, statuses, actor, payload keys — hashed
  by the dossier app's own `eventlog.history_chain` (`event_canonical` over `as_stored(payload)`), and the dossier's
  `event_seq`/`event_head` set, so `lienthong audit verify` passes. Events carry their instant in the past.
  No `OutboxMessage` is written: history is not news to anyone.
- the same files: the officer who finishes processing attaches the result (`results.py`: one specimen PDF
  shared by every historical result), always when the applicant asked for an electronic result, as `dossier_return`
  requires, and for three paper results in five; the return's event names them.

What the replay leaves out: assignment, send-back, consultation and transfer (the boards need none of them) and
processes that do not start at the desk and end with the return step (none in the demo catalogue).

The mix, from `random.Random(75)` (`plan.py`): arrivals on working days over the 730 days before now, in working
hours and more in the morning, growing over time; procedures weighted towards commune civil status and
certification; applicants from the communes' service centres (the three with demo officers weighted up) or the
provincial centre when the process receives there — the receiving agency is where routing puts the process's
receipt step, so residence procedures are received by the commune police as their process says; channels 45%
national portal, 35% counter, 10% post, 10% own portal. Outcomes: ~2% refused, ~1% withdrawn, ~0.5% stopped,
~5.5% with a supplement, ~2% with an apology, ~1% with a financial obligation, and about one returned dossier in
five late — made really late by an officer overrunning a step. A recent cohort (5%) is left open in every current
state, received so that its due dates fall where an inbox's do: 5% of it already past due, 6% due before the end of
the next working day, the rest later (`plan.Due`); a plan that misses its state or its place on the clock is drawn
again. The history runs up to the build instant, so dossiers are received on the day of the build. Officers are
the demo accounts where they hold the role at that agency; elsewhere the event names the role and agency in
`actor_label`, with no account.

Idempotent: the build records itself in the rule `demo.history` (`HISTORY_BUILT`); once it is there nothing is
written. (Earlier builds marked each dossier's `form_data` with `"_demo": true`, which every closed form schema
refused when the desk received one of the history's online submissions; such a database still counts as built.)
Nor is history
written once the audit digests have begun: back-dated events inside a digested period would read as tampering.
"""

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import count as numbers

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lienthong.core.models import Rule
from lienthong.core.progress import Progress
from lienthong.core.rules import RuleSpec, rules_register
from lienthong.demo.history.context import Context, context_load
from lienthong.demo.history.digitised import StoreReport, history_store_replay
from lienthong.demo.history.plan import Due, Plan, Planner
from lienthong.demo.history.replay import Replay
from lienthong.demo.history.results import result_specimen, scan_specimen
from lienthong.demo.history.store import chain, codes_number, next_id, rows_write, stored_write
from lienthong.demo.procedures import load_json
from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Attachment, ChainDigest, Dossier, StepInstance, StoredDocument
from lienthong.dossiers.urgency import finished_on_time
from lienthong.org.constants import Role

SEED = 75
WORKING = (Status.RECEIVED, Status.PROCESSING, Status.RESULT_READY)  # someone here has a step to finish
PROGRESS_EVERY = 100  # dossiers between two reports of progress (Progress itself decides what to show)
RETRIES = 12  # a recent dossier that did not reach its open state or its place on the clock is planned again


@dataclass
class HistoryReport:
    """What one history build wrote; `skipped` says why it wrote nothing."""

    dossiers: int = 0
    events: int = 0
    steps: int = 0
    seconds: float = 0.0
    skipped: str = ""
    by_status: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    on_time: int = 0  # returned by the appointment
    late: int = 0  # returned after it


HISTORY_BUILT = "demo.history"


def register() -> None:
    rules_register(RuleSpec(HISTORY_BUILT, {}, "The demo's history build that wrote the past dossiers (count, seed, "
                            "instant); empty outside the demo (lienthong.demo.history)."))  # fmt: skip


def demo_history_exists() -> bool:
    from lienthong.core.models import Rule

    if Rule.objects.filter(key=HISTORY_BUILT).exists():
        return True
    return Dossier.objects.filter(form_data___demo=True).exists()  # a history built before the rule


def demo_history_build(
    *, count: int = 20_000, now=None, seed: int = SEED, progress: Progress | None = None
) -> HistoryReport:
    """Replay `count` dossiers over the two years before `now` (default: this instant) and write them in bulk,
    telling `progress` how far it has got."""
    progress = progress or Progress(None)
    started = time.perf_counter()
    if count <= 0:
        return HistoryReport(skipped="count")
    if demo_history_exists():
        return HistoryReport(skipped="exists")
    if ChainDigest.objects.exists():
        return HistoryReport(skipped="digests")
    # Stored texts (due-date explanations, role labels) are written as a Vietnamese desk writes them.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        ctx = context_load(now=now or timezone.now())
        if not ctx.versions:
            return HistoryReport(skipped="catalogue")
        replays = _replay_all(ctx, count=count, seed=seed, progress=progress)
        store = _store_replay(replays, ctx, seed=seed)
        progress.phase(_("Đang ghi hồ sơ lịch sử vào cơ sở dữ liệu…"))
        counters = codes_number(replays)
        for replay in replays:
            chain(replay)
        rows_write(replays, counters)
        stored_write(store.entries)
        Rule.objects.create(key=HISTORY_BUILT, value={"dossiers": len(replays), "seed": seed,
                                                      "now": ctx.now.isoformat()}, note="Dữ liệu mẫu.")  # fmt: skip
    report = _report(replays)
    report.seconds = time.perf_counter() - started
    return report


def _replay_all(ctx: Context, *, count: int, seed: int, progress: Progress) -> list[Replay]:
    planner = Planner(ctx, random.Random(seed))  # noqa: S311 — reproducible demo data, not secrets
    first_dossier, step_ids = next_id(Dossier), numbers(next_id(StepInstance))
    files = {"attachment_ids": numbers(next_id(Attachment)), "specimen": result_specimen(), "scan": scan_specimen()}
    replays = []
    for n, plan in enumerate(planner.plans(count)):
        replays.append(replay_planned(planner, plan, n, dossier_id=first_dossier + n, step_ids=step_ids, **files))
        if len(replays) % PROGRESS_EVERY == 0 or len(replays) == count:
            progress.count(_("Hồ sơ lịch sử"), len(replays), count)
    return replays


def _store_replay(replays: list[Replay], ctx: Context, *, seed: int) -> StoreReport:
    """Documents digitised and reused later (`digitised.py`) at the desks of the demo's own accounts (the ones a
    visitor signs in with): each desk officer's specimen costs two signatures at build, a hundred desks would cost
    half a minute."""
    named = {officer["username"] for officer in load_json("officers.json")["officers"]}
    desks = {user.pk: user for (_agency, role), users in ctx.officers.items() if role == Role.RECEIVER
             for user in users if user.get_username() in named}  # fmt: skip
    return history_store_replay(replays, users=desks, attachment_ids=_attachment_ids(replays),
                                stored_ids=numbers(next_id(StoredDocument)), seed=seed + 1)  # fmt: skip


def _attachment_ids(replays: list[Replay]):
    """The ids after those the replay gave its files."""
    used = [a.pk for r in replays for a in (*r.uploads, *r.results)]
    return numbers(max(used) + 1 if used else next_id(Attachment))


def replay_planned(planner: Planner, plan: Plan, turn: int, *, dossier_id: int, step_ids, attachment_ids,
                   specimen, scan=None) -> Replay:  # fmt: skip
    """Replay the `turn`th plan; a recent one that missed its open state or its place on the clock is planned
    again, a little earlier each time (also used by bench/province.py, the province-sized data set)."""
    files = {"attachment_ids": attachment_ids, "specimen": specimen, "scan": scan}
    replay, back = Replay(planner.ctx, plan, dossier_id=dossier_id, step_ids=step_ids, **files).run(), 0
    for _retry in range(RETRIES):
        if not plan.recent or _fits(replay, plan, planner):
            break
        back += 0 if replay.d.status == plan.outcome else 2  # not there yet: received a little earlier
        plan = planner.plan(target=plan.outcome, turn=turn, back=back, due=plan.due)
        replay = Replay(planner.ctx, plan, dossier_id=dossier_id, step_ids=step_ids, **files).run()
    return replay


def _fits(replay: Replay, plan: Plan, planner: Planner) -> bool:
    """A recent dossier reached its open state, with its due date where the plan placed it and, unless it waits
    for the applicant, no step already late unless the dossier is."""
    if replay.d.status != plan.outcome:
        return False
    if not plan.due:
        return True
    now = planner.ctx.now
    if plan.due == Due.PAST:
        return replay.past_due(now)
    if replay.past_due(now) or (replay.d.status in WORKING and replay.step_late(now)):
        return False
    return replay.d.status == Status.RESULT_READY or replay.past_due(planner.horizon) == (plan.due == Due.SOON)


def _report(replays: list[Replay]) -> HistoryReport:
    returned = [r.d for r in replays if r.d.status == Status.RETURNED]
    on_time = sum(1 for d in returned if finished_on_time(finished_at=d.finished_at, due_at=d.due_at))
    return HistoryReport(
        dossiers=len(replays),
        events=sum(len(r.events) for r in replays),
        steps=sum(len(r.steps) for r in replays),
        by_status=dict(Counter(r.d.status for r in replays).most_common()),
        by_channel=dict(Counter(r.d.channel for r in replays).most_common()),
        on_time=on_time,
        late=len(returned) - on_time,
    )
