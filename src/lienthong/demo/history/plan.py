"""The mix of the demo's history: which procedure, where, by which channel, when, and what becomes of it.

A plan says what people decide (the channel, how long an officer takes, whether a supplement is asked for); the
replay (`replay.py`) then applies the lifecycle's rules to it. Every choice comes from one seeded generator.
"""

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
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
# The most recent working days hold a cohort left open in every current state, so every inbox and board has work.
RECENT_SHARE, RECENT_MIN, RECENT_WORKING_DAYS = 0.08, 24, 8
TARGETS = (
    Status.SUBMITTED, Status.PROCESSING, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.PROCESSING,
    Status.FINANCIAL_OBLIGATION, Status.RESULT_READY, Status.PROCESSING,
)  # fmt: skip


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
    def __init__(self, ctx: Context, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        calendar, today = ctx.calendar, ctx.now.astimezone(ctx.calendar.tz).date()
        days = [today - dt.timedelta(days=n) for n in range(WINDOW_DAYS, -1, -1)]
        self.days = [day for day in days if calendar.is_working_day(day)]
        # Cumulative weights, computed once: `choices` would otherwise add them up again at every draw.
        self.day_weights = list(accumulate(1 + GROWTH * n / len(self.days) for n in range(len(self.days))))
        weights = [FIELD_WEIGHTS.get(f.field_code, 1) * POPULAR.get(f.national_code, 1) for f in ctx.versions]
        self.version_weights = list(accumulate(weights))
        self.centre_weights = list(accumulate(ctx.centre_weights))
        self.channel_weights = list(accumulate(CHANNELS.values()))
        long_enough = sum(w for f, w in zip(ctx.versions, weights, strict=True) if f.limit_working_days >= 3)
        self.apology_rate = min(1.0, APOLOGY * sum(weights) / max(long_enough, 1))

    def plans(self, count: int) -> Iterator[Plan]:
        recent = min(count, max(RECENT_MIN, round(count * RECENT_SHARE)))
        for n in range(count):
            yield self.plan(target=TARGETS[n % len(TARGETS)] if n < recent else None, turn=n)

    def plan(self, *, target: str | None, turn: int = 0, back: int = 0) -> Plan:
        """A fresh plan; `back` more working days into the past when a recent one did not reach its state."""
        rng = random.Random(self.rng.getrandbits(64))  # noqa: S311 — reproducible demo data, not secrets
        facts = rng.choices(self.ctx.versions, cum_weights=self.version_weights)[0]
        centre = rng.choices(self.ctx.centres, cum_weights=self.centre_weights)[0]
        channel = rng.choices(list(CHANNELS), cum_weights=self.channel_weights)[0]
        if target == Status.SUBMITTED and channel not in ONLINE:
            channel = Channel.NATIONAL_PORTAL
        start = self._start(rng, recent=target is not None, back=back)
        applicant = self._applicant(rng, centre, online=channel in ONLINE)
        plan = Plan(
            facts=facts, centre=centre, agency=receiving_agency(self.ctx, facts, centre), channel=channel,
            start=start, applicant=applicant, form_data=self._form(rng, facts, applicant, start.date()),
            delivery=self._delivery(rng, channel), rng=rng, outcome=Status.RETURNED, recent=target is not None,
            incident_group=rng.randrange(len(facts.groups)),
        )  # fmt: skip
        self._durations(plan)
        if target is None:
            self._story(plan)
        else:
            self._left_open(plan, target, turn)
        return plan

    # -- when -----------------------------------------------------------------------------------------------

    def _start(self, rng: random.Random, *, recent: bool, back: int) -> dt.datetime:
        days = self.days[-(RECENT_WORKING_DAYS + back) :] if recent else self.days
        weights = None if recent else self.day_weights
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
            plan.incident_group = (turn // len(TARGETS)) % len(plan.facts.groups)
            for step in plan.facts.groups[plan.incident_group]:
                plan.work[step.position] = None
            plan.late = plan.rng.random() < 0.3  # some are already overdue
        elif target == Status.SUPPLEMENT_REQUESTED:
            plan.supplement, plan.incident_group = "desk" if plan.online and plan.rng.random() < 0.3 else "after", 0
            plan.waits["supplement"] = None
        elif target == Status.FINANCIAL_OBLIGATION:
            plan.financial, plan.waits["financial"] = True, None
        elif target == Status.RESULT_READY:
            plan.waits["pickup"] = None

    # -- who and what ---------------------------------------------------------------------------------------

    def _delivery(self, rng: random.Random, channel: str) -> str:
        if channel == Channel.POST:
            return ResultDelivery.BY_POST
        if channel == Channel.COUNTER:
            return ResultDelivery.AT_DESK if rng.random() < 0.9 else ResultDelivery.BY_POST
        return rng.choices(list(ResultDelivery), [30, 10, 60])[0]

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
        """The procedure form's required answers, valid against its JSON Schema, marked as demo history."""
        schema = facts.version.form_schema or {}
        properties = schema.get("properties", {})
        data: dict[str, Any] = {key: self._answer(rng, key, properties.get(key, {}), applicant, day)
                                for key in schema.get("required", [])}  # fmt: skip
        data["_demo"] = True
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
