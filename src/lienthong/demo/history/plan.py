"""The mix of the demo's history: which procedure, where, by which channel, when, and what becomes of it.

A plan says what people decide (the channel, how long an officer takes, whether a supplement is asked for); the
replay (`replay.py`) then applies the lifecycle's rules to it. Every choice comes from one seeded generator.
"""

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import accumulate
from typing import Any

from lienthong.core.text import fold
from lienthong.demo.history.context import Context, VersionFacts, receiving_agency
from lienthong.dossiers.constants import Channel, ResultDelivery, Status
from lienthong.dossiers.services.intake import Applicant
from lienthong.org.models import Agency

WINDOW_DAYS = 730
GROWTH = 0.6  # the last day of the window sees 60% more dossiers than the first: online use grows
MORNING = 0.65  # share of arrivals in the morning period
CHANNELS = {Channel.NATIONAL_PORTAL: 45, Channel.COUNTER: 35, Channel.POST: 10, Channel.OWN_PORTAL: 10}
ONLINE = frozenset({Channel.NATIONAL_PORTAL, Channel.OWN_PORTAL})
# Commune civil status and certification are most of a one-stop desk's day.
FIELD_WEIGHTS = {
    "H19-HOTICH": 30, "H19-CHUNGTHUC": 30, "H19-CUTRU": 12, "H19-HKD": 8, "H19-DATDAI": 8, "H19-LLTP": 5,
    "H19-XAYDUNG": 3, "H19-BTXH": 2, "H19-GDTH": 2,
}  # fmt: skip
POPULAR = {"1.001193": 3, "1.000894": 2, "1.000656": 2, "2.000815": 4, "2.000884": 3}
# Shares of the whole history; the recent cohort below adds the dossiers still open.
REFUSED, WITHDRAWN, STOPPED = 0.022, 0.011, 0.0055
SUPPLEMENT, APOLOGY, FINANCIAL, LATE = 0.055, 0.022, 0.011, 0.20
# The most recent working days hold a cohort left open in every current state, so every inbox and board has work;
# 5% of the history (1,000 of 20,000) is some three weeks of a busy province's arrivals.
RECENT_SHARE, RECENT_MIN, RECENT_WORKING_DAYS = 0.05, 24, 8
# Where the cohort's due dates fall, so the inboxes and the statistics' "overdue in progress" read as a province's
# on the first start and the next day. 5% of the cohort is past due; with the older dossiers that overran and are
# still open, about 7-9% of the open dossiers whose clock runs are overdue at the build (provinces publish 90-98% of
# dossiers settled on time; the late ones are what piles up). 6% fall due before the end of the next working day, so
# the share is about 15% a working day later if nobody works; the rest fall due over the next weeks.
PAST_DUE_SHARE, DUE_SOON_SHARE = 0.05, 0.06
LATER_WORKING_DAYS = 15  # how far back an open dossier not yet due may have been received (a 20-day procedure)


class Due(StrEnum):
    """Where a recent open dossier's due date falls: before now, before the end of the next working day, or later."""

    PAST = "past"
    SOON = "soon"
    LATER = "later"


TARGETS = (
    Status.SUBMITTED, Status.PROCESSING, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.PROCESSING,
    Status.FINANCIAL_OBLIGATION, Status.RESULT_READY, Status.PROCESSING,
)  # fmt: skip
# The demo citizen's own dossiers: these turns of the recent cohort (TARGETS above: submitted, in progress, waiting
# for her supplement, result ready) are hers, filed from her account on the province's portal at her ward's desk and
# asking for the result electronically — so "Hồ sơ của tôi" has a story when she signs in. The one in progress is
# her judicial record certificate, whose fee she has still to pay online (demo/payments.py).
CITIZEN_TURNS = (0, 1, 3, 6)
CITIZEN_FEE_PROCEDURE = {1: "2.000488"}


@dataclass
class Plan:
    """One dossier's story before the rules are applied; `None` as a duration means "not by now"."""

    facts: VersionFacts
    centre: Agency  # the commune (service centre) the applicant belongs to
    agency: Agency  # the receiving agency (routing of the process's receipt step)
    channel: str
    start: dt.datetime  # submitted online, or handed in at the counter or by post
    applicant: Applicant
    form_data: dict[str, Any]
    delivery: str
    rng: random.Random
    outcome: str  # the status it ends in: returned, refused, withdrawn, stopped, or an open one (recent cohort)
    recent: bool = False
    due: str = ""  # the recent cohort's place on the clock (`Due`; "" for an unreceived submission)
    incident_group: int = 0  # the processing group where a supplement, obligation, apology or closing happens
    before_receipt: bool = False  # refused or withdrawn at the desk's check of an online submission
    supplement: str = ""  # "", "desk" (before receipt) or "after" (within the notice period after receipt)
    financial: bool = False
    apology: bool = False
    late: bool = False
    work: dict[int, float | None] = field(default_factory=dict)  # step position → working hours it takes
    waits: dict[str, float | None] = field(default_factory=dict)  # working hours people take between actions

    @property
    def online(self) -> bool:
        return self.channel in ONLINE


class Planner:
    def __init__(self, ctx: Context, rng: random.Random, *, window_days: int = WINDOW_DAYS) -> None:
        self.ctx, self.rng = ctx, rng
        calendar, today = ctx.calendar, ctx.now.astimezone(ctx.calendar.tz).date()
        days = [today - dt.timedelta(days=n) for n in range(window_days, -1, -1)]
        self.days = [day for day in days if calendar.is_working_day(day)]
        # Cumulative weights, computed once: `choices` would otherwise add them up again at every draw.
        self.day_weights = list(accumulate(1 + GROWTH * n / len(self.days) for n in range(len(self.days))))
        weights = [FIELD_WEIGHTS.get(f.field_code, 1) * POPULAR.get(f.national_code, 1) for f in ctx.versions]
        self.version_weights = list(accumulate(weights))
        self.centre_weights = list(accumulate(ctx.centre_weights))
        self.channel_weights = list(accumulate(CHANNELS.values()))
        # Dossiers still open and not yet due are those with the longer time limits, in proportion to how long
        # they stay open and not due (Little's law: arrivals × time): a limit of `span` working days leaves about
        # `span - 2` days in which a dossier received is due after tomorrow.
        lasting = [w * max(0.0, f.span_working_days - 2) for f, w in zip(ctx.versions, weights, strict=True)]
        self.lasting_weights = list(accumulate(lasting)) if any(lasting) else self.version_weights
        self.horizon = self._end_of_next_working_day(today)
        long_enough = sum(w for f, w in zip(ctx.versions, weights, strict=True) if f.limit_working_days >= 3)
        self.apology_rate = min(1.0, APOLOGY * sum(weights) / max(long_enough, 1))

    def plans(self, count: int, *, recent: int | None = None) -> Iterator[Plan]:
        """`count` plans, the first `recent` of them (default: the demo's share) left open in the recent cohort."""
        if recent is None:
            recent = max(RECENT_MIN, round(count * RECENT_SHARE))
        recent = min(count, recent)
        for n in range(count):
            if n >= recent:
                yield self.plan(target=None, turn=n)
                continue
            target = TARGETS[n % len(TARGETS)]
            yield self.plan(target=target, turn=n, due=self._due(target))

    def _due(self, target: str) -> str:
        """An unreceived submission has no due date yet; a result ready in time stays in time, however long it
        waits at the desk, so it is past due or not, never "soon"."""
        if target == Status.SUBMITTED:
            return ""
        draw = self.rng.random()
        if draw < PAST_DUE_SHARE:
            return Due.PAST
        return Due.SOON if draw < PAST_DUE_SHARE + DUE_SOON_SHARE and target != Status.RESULT_READY else Due.LATER

    def plan(self, *, target: str | None, turn: int = 0, back: int = 0, due: str = "") -> Plan:
        """A fresh plan; `back` more working days into the past when a recent one did not reach its state. A recent
        one is received so that its due date falls where `due` says (`history._fits` checks it)."""
        rng = random.Random(self.rng.getrandbits(64))  # noqa: S311 — reproducible demo data, not secrets
        weights = self.lasting_weights if due == Due.LATER else self.version_weights
        facts = rng.choices(self.ctx.versions, cum_weights=weights)[0]
        centre = rng.choices(self.ctx.centres, cum_weights=self.centre_weights)[0]
        channel = rng.choices(list(CHANNELS), cum_weights=self.channel_weights)[0]
        if target == Status.SUBMITTED and channel not in ONLINE:
            channel = Channel.NATIONAL_PORTAL
        if target is None:
            start = self._start(rng, self.days, self.day_weights)
        else:
            start = self._start(rng, self._recent_days(facts, due, back, ready=target == Status.RESULT_READY))
        applicant = self._applicant(rng, centre, online=channel in ONLINE)
        if target is not None and turn in CITIZEN_TURNS and self.ctx.citizen is not None:
            facts, centre, channel, applicant = self._citizens(turn, facts, centre)
        plan = Plan(
            facts=facts, centre=centre, agency=receiving_agency(self.ctx, facts, centre), channel=channel,
            start=start, applicant=applicant, form_data=self._form(rng, facts, applicant, start.date()),
            delivery=self._delivery(rng, channel), rng=rng, outcome=Status.RETURNED, recent=target is not None,
            incident_group=rng.randrange(len(facts.groups)), due=due,
        )  # fmt: skip
        if applicant is self.ctx.citizen:
            plan.delivery = ResultDelivery.ELECTRONIC
        self._durations(plan)
        if target is None:
            self._story(plan)
        else:
            self._left_open(plan, target, turn)
        return plan

    # -- when -----------------------------------------------------------------------------------------------

    def _end_of_next_working_day(self, today: dt.date) -> dt.datetime:
        calendar, day = self.ctx.calendar, today + dt.timedelta(days=1)
        while not calendar.is_working_day(day):
            day += dt.timedelta(days=1)
        return calendar.periods(day)[-1][1]

    def _recent_days(self, facts: VersionFacts, due: str, back: int, *, ready: bool) -> list[dt.date]:
        """The working days an open dossier is received on, counted back from today (0): within its time limit to
        be due later, about its limit ago to be due soon, further back to be past due; an unreceived submission is
        from today or yesterday. A result ready in time has just been made (the desk returns it within hours), by
        officers who took a fifth of the limit or so."""
        span = facts.span_working_days * (0.4 if ready and due != Due.PAST else 1)
        first, last = {
            "": (1, 0),
            Due.LATER: (min(LATER_WORKING_DAYS, max(0, math.ceil(span) - 2)), 0),
            Due.SOON: (math.ceil(span), max(0, math.floor(span) - 1)),
            Due.PAST: (math.ceil(span) + RECENT_WORKING_DAYS - 2, math.ceil(span) + 1),
        }[due]
        first += back
        return self.days[max(0, len(self.days) - 1 - first) : len(self.days) - last]

    def _start(self, rng: random.Random, days: list[dt.date], weights: list[float] | None = None) -> dt.datetime:
        for _attempt in range(100):
            day = rng.choices(days, cum_weights=weights)[0]
            periods = self.ctx.calendar.periods(day)
            opens, closes = periods[0] if rng.random() < MORNING or len(periods) == 1 else rng.choice(periods[1:])
            minutes = int((closes - opens).total_seconds() // 60)
            instant = opens + dt.timedelta(minutes=rng.randrange(minutes), seconds=rng.randrange(60))
            if instant < self.ctx.now:
                return instant
        return self.ctx.calendar.periods(self.days[-2])[0][0]

    def _durations(self, plan: Plan) -> None:
        """How long each officer takes, as a share of the step's quota; the recent cohort moves briskly."""
        rng, (low, high) = plan.rng, (0.05, 0.35) if plan.recent else (0.15, 0.85)
        plan.work = {step.position: float(step.quota_hours) * rng.uniform(low, high) for step in plan.facts.steps}
        plan.waits = {
            "receipt": rng.uniform(0.1, 3 if plan.recent else 6),
            "check": rng.uniform(0.1, 2),
            "forward": plan.work[plan.facts.steps[0].position],
            "supplement": rng.uniform(2, 12 if plan.recent else 60),
            "financial": rng.uniform(2, 12 if plan.recent else 40),
            "pickup": rng.uniform(0.05, 1) if plan.delivery == ResultDelivery.ELECTRONIC else rng.uniform(0.2, 20),
        }

    # -- what becomes of it ---------------------------------------------------------------------------------

    def _story(self, plan: Plan) -> None:
        rng, draw = plan.rng, plan.rng.random()
        if draw < REFUSED:
            plan.outcome, plan.before_receipt = Status.REFUSED, plan.online and rng.random() < 0.5
        elif draw < REFUSED + WITHDRAWN:
            plan.outcome, plan.before_receipt = Status.WITHDRAWN, plan.online and rng.random() < 0.3
        elif draw < REFUSED + WITHDRAWN + STOPPED:
            plan.outcome = Status.STOPPED
        if rng.random() < SUPPLEMENT:
            plan.supplement = "desk" if plan.online and rng.random() < 0.4 else "after"
        plan.financial = rng.random() < FINANCIAL
        plan.apology = plan.facts.limit_working_days >= 3 and rng.random() < self.apology_rate
        plan.late = plan.apology or rng.random() < LATE
        if plan.supplement == "after":
            plan.incident_group = 0  # within the notice period: asked for at the first appraisal

    def _left_open(self, plan: Plan, target: str, turn: int) -> None:
        plan.outcome = target
        if target == Status.SUBMITTED:
            plan.waits["receipt"] = None
        elif target == Status.RECEIVED:
            plan.waits["forward"] = None
        elif target == Status.PROCESSING:
            plan.incident_group = waiting = (turn // len(TARGETS)) % len(plan.facts.groups)
            if plan.due == Due.PAST:
                plan.late = True  # an officer overran a step
            else:
                self._reach_lately(plan, waiting, min(float(s.quota_hours) for s in plan.facts.groups[waiting]))
            for step in plan.facts.groups[waiting]:
                plan.work[step.position] = None
        elif target == Status.SUPPLEMENT_REQUESTED:
            plan.supplement, plan.incident_group = "desk" if plan.online and plan.rng.random() < 0.3 else "after", 0
            plan.waits["supplement"] = None
        elif target == Status.FINANCIAL_OBLIGATION:
            plan.financial, plan.waits["financial"] = True, None
        elif target == Status.RESULT_READY:
            plan.waits["pickup"] = None
            plan.late = plan.due == Due.PAST  # a result ready is past due only if it came late
            if not plan.late:
                self._reach_lately(plan, len(plan.facts.groups), float(plan.facts.steps[-1].quota_hours))

    def _reach_lately(self, plan: Plan, groups: int, quota: float) -> None:
        """Officers took their time over the first `groups` groups, so the dossier reached the step where it waits a
        little before now, within that step's `quota` (working hours), however long ago it was received: an inbox
        shows a step late only where someone is late."""
        elapsed = self.ctx.calendar.working_time_between(plan.start, self.ctx.now).total_seconds() / 3600
        arrive = elapsed - quota * plan.rng.uniform(0.05, 0.7) - (plan.waits["receipt"] if plan.online else 0)
        before = [step for group in plan.facts.groups[:groups] for step in group]
        path = plan.waits["forward"] + sum(
            max(plan.work[step.position] for step in group) for group in plan.facts.groups[:groups]
        )
        if arrive > path > 0:
            scale = arrive / path
            plan.waits["forward"] *= scale
            for step in before:
                plan.work[step.position] *= scale

    # -- who and what ---------------------------------------------------------------------------------------

    def _delivery(self, rng: random.Random, channel: str) -> str:
        if channel == Channel.POST:
            return ResultDelivery.BY_POST
        if channel == Channel.COUNTER:
            return ResultDelivery.AT_DESK if rng.random() < 0.9 else ResultDelivery.BY_POST
        return rng.choices(list(ResultDelivery), [30, 10, 60])[0]

    def _citizens(self, turn: int, facts: VersionFacts, centre: Agency) -> tuple:
        """The demo citizen's plan of this turn: her procedure (if the turn names one), her ward, her portal, her."""
        wanted = CITIZEN_FEE_PROCEDURE.get(turn)
        facts = next((f for f in self.ctx.versions if f.national_code == wanted), facts)
        return facts, self.ctx.citizen_centre or centre, Channel.OWN_PORTAL, self.ctx.citizen

    def _name(self, rng: random.Random, *, female: bool) -> str:
        names = self.ctx.names
        pool = names["female" if female else "male"]
        return f"{rng.choice(names['surnames'])} {rng.choice(pool['middle'])} {rng.choice(pool['given'])}"

    def _applicant(self, rng: random.Random, centre: Agency, *, online: bool) -> Applicant:
        female = rng.random() < 0.5
        name = self._name(rng, female=female)
        born = rng.randint(1955, 2004)
        century = (1 if female else 0) + (2 if born >= 2000 else 0)
        street = rng.choice(self.ctx.texts["streets"])
        email = ""
        if online and rng.random() < 0.7:
            email = f"{fold(name.split()[-1])}{rng.randrange(100, 1000)}@example.vn"
        return Applicant(
            name=name, id_number=f"075{century}{born % 100:02d}{rng.randrange(10**6):06d}",
            phone=f"09{rng.randrange(10**8):08d}", email=email,
            address=f"Số {rng.randint(1, 250)}, {street}, {centre.unit.name}, tỉnh Đồng Nai",
        )  # fmt: skip

    def _form(self, rng: random.Random, facts: VersionFacts, applicant: Applicant, day: dt.date) -> dict[str, Any]:
        """The procedure form's required answers, valid against its JSON Schema (and nothing else: a desk receiving
        one of the history's online submissions checks it again, and a schema closed to other keys refuses any)."""
        schema = facts.version.form_schema or {}
        properties = schema.get("properties", {})
        data: dict[str, Any] = {key: self._answer(rng, key, properties.get(key, {}), applicant, day)
                                for key in schema.get("required", [])}  # fmt: skip
        return data

    def _answer(self, rng: random.Random, key: str, prop: dict, applicant: Applicant, day: dt.date) -> Any:
        if "enum" in prop:
            return rng.choice(prop["enum"])
        if prop.get("type") in ("integer", "number"):
            if key.startswith("von"):
                return rng.choice([50, 100, 200, 500]) * 1_000_000
            low = max(int(prop.get("minimum", 1)), 1)
            return rng.randint(low, max(low, min(int(prop.get("maximum", 12)), 12)))
        if prop.get("format") == "date":
            return self._date(rng, key, day).isoformat()
        if prop.get("format") == "email":
            return applicant.email or f"congdan{rng.randrange(1000)}@example.vn"
        if prop.get("pattern") == "^[0-9]{12}$":
            return applicant.id_number if key == "so_dinh_danh" else f"075{rng.randrange(10**9):09d}"
        if key.startswith("ho_ten"):
            own = key in ("ho_ten_nguoi_yeu_cau", "ho_ten_chu_ho")
            return applicant.name if own else self._name(rng, female=key.endswith(("me", "vo")))
        if key.startswith(("noi_", "dia_chi")):
            return applicant.address
        if key in self.ctx.texts["form_values"]:
            return rng.choice(self.ctx.texts["form_values"][key])
        if key.startswith("so_"):
            return f"{rng.randrange(1, 10**4)}"
        return self.ctx.texts["form_fallback"]

    @staticmethod
    def _date(rng: random.Random, key: str, day: dt.date) -> dt.date:
        if key == "ngay_sinh":  # the child of a birth registration
            return day - dt.timedelta(days=rng.randint(1, 60))
        if key.startswith("ngay_sinh_hoc_sinh"):
            return day - dt.timedelta(days=rng.randint(365 * 10, 365 * 12))
        if key.startswith("ngay_sinh"):
            return day - dt.timedelta(days=rng.randint(365 * 20, 365 * 60))
        return day - dt.timedelta(days=rng.randint(0, 30))
