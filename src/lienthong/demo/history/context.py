"""What the replay reads once, before it writes anything: the clock, the rules, the catalogue, the agencies, the
officers and the routing of each kind of step. A handful of queries, whatever the number of dossiers."""

import datetime as dt
import json
import random
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Prefetch
from django.utils.text import slugify

from lienthong.catalogue.constants import StepAction
from lienthong.catalogue.models import ProcedureVersion, ProcessStep
from lienthong.core.calendar import WorkCalendar
from lienthong.core.calendar_store import work_calendar_current
from lienthong.core.rules import rule_get
from lienthong.core.text import fold
from lienthong.demo.accounts import demo_citizens
from lienthong.demo.procedures import load_json
from lienthong.dossiers import rules
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.intake import Applicant
from lienthong.dossiers.services.routing import step_agency
from lienthong.dossiers.services.steps import _group_after
from lienthong.org.constants import AgencyKind, Level, Role
from lienthong.org.models import Agency, OfficerRole

# The communes whose officers have demo accounts (data/officers.json) get a larger share of the dossiers, so
# whoever logs in as motcua.tranbien or lanhdao.budang finds a full inbox.
DEMO_COMMUNE_WEIGHT = 12
TEXTS = Path(__file__).resolve().parent / "texts.json"


class MemoCalendar(WorkCalendar):
    """The calendar in force, unchanged, remembering its answer per day: `add`, `working_time_between` and
    `read_clock` ask for the same few hundred days' periods some two million times in a build."""

    @classmethod
    def of(cls, calendar: WorkCalendar) -> "MemoCalendar":
        return cls(**{f.name: getattr(calendar, f.name) for f in fields(calendar)})

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "_periods", {})  # frozen: the memo is not part of its value
        object.__setattr__(self, "_working", {})

    def is_working_day(self, day: dt.date) -> bool:
        working = self._working.get(day)
        if working is None:
            working = self._working[day] = super().is_working_day(day)
        return working

    def periods(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        periods = self._periods.get(day)
        if periods is None:
            periods = self._periods[day] = super().periods(day)
        return periods


@dataclass(frozen=True)
class VersionFacts:
    """A current procedure version as the replay needs it: its process and what a complete dossier holds."""

    version: ProcedureVersion
    steps: list[ProcessStep]
    documents: list[int]  # mandatory documents: the desk ticks them at receipt
    fees: list[dict[str, Any]]  # named fees with an amount, for a financial obligation
    field_code: str
    national_code: str
    groups: list[list[ProcessStep]]  # the processing groups between receipt and return, in order
    # what an online applicant uploads: (mandatory document, the file's name as her upload of it would have it)
    uploads: tuple[tuple[int, str], ...] = ()

    @property
    def limit_working_days(self) -> Decimal:
        """Long enough for an apology a working day ahead: only working-day limits of 3 days or more qualify."""
        if self.version.time_limit_unit != "working_days":
            return Decimal(0)
        return self.version.time_limit_value or Decimal(0)

    @property
    def span_working_days(self) -> float:
        """About how many working days the time limit spans (0: settled the day it is received), to place an open
        dossier's receipt so its due date falls where the plan wants it; the replay checks the exact date."""
        value, unit = float(self.version.time_limit_value or 0), self.version.time_limit_unit
        return {"working_days": value, "working_hours": value / 8, "calendar_days": value * 5 / 7}.get(unit, 0.0)


@dataclass
class Context:
    """Everything shared by all dossiers of one build; `route` and `officer` memoise what they look up."""

    now: dt.datetime
    calendar: WorkCalendar
    rules: dict[str, Any]
    versions: list[VersionFacts]
    centres: list[Agency]  # commune service centres (with unit and parent loaded)
    centre_weights: list[int]
    provincial_centre: Agency
    texts: dict[str, Any]
    names: dict[str, Any]
    officers: dict[tuple[int, str], list[Any]]
    citizen: Applicant | None = None  # the demo citizen (demo.accounts.demo_citizens), who files a few recent ones
    citizen_centre: Agency | None = None  # the service centre of her ward
    _routes: dict[tuple, Agency] = field(default_factory=dict)
    _labels: dict[tuple[int, str], str] = field(default_factory=dict)

    def route(self, step: ProcessStep, receiving: Agency) -> Agency:
        """`services.routing.step_agency`, memoised: its answer depends only on the step's agency, level and kind
        and on the receiving agency, so ~300 lookups serve 20,000 dossiers."""
        key = (step.agency_id, step.level, step.agency_kind, receiving.pk)
        if key not in self._routes:
            self._routes[key] = step_agency(step=step, dossier=Dossier(agency=receiving))
        return self._routes[key]

    def officer(self, rng: random.Random, agency: Agency, role: str) -> tuple[Any, str]:
        """A demo officer holding `role` at `agency`, or no account and a label that says who acted."""
        users = self.officers.get((agency.pk, role))
        if users:
            user = rng.choice(users)
            return user, user.get_full_name() or user.get_username()
        key = (agency.pk, role)
        if key not in self._labels:
            self._labels[key] = f"{Role(role).label} — {agency.short_name or agency.name}"
        return None, self._labels[key]


def context_load(*, now: dt.datetime) -> Context:
    centres = list(
        Agency.objects.filter(level=Level.COMMUNE, kind=AgencyKind.SERVICE_CENTRE, is_active=True)
        .select_related("unit__parent", "parent")
        .order_by("identifier_code")
    )
    demo_units = _demo_commune_codes()
    ctx = Context(
        now=now,
        calendar=MemoCalendar.of(work_calendar_current()),
        rules={
            "supplement_clock": rule_get(rules.SUPPLEMENT_CLOCK),
            "notice_days": rule_get(rules.SUPPLEMENT_NOTICE_WORKING_DAYS),
            "apology_lead": rule_get(rules.APOLOGY_LEAD_WORKING_DAYS),
            "max_supplements": int(rule_get(rules.MAX_SUPPLEMENT_REQUESTS)),
            "max_apologies": int(rule_get(rules.MAX_APOLOGIES)),
        },
        versions=[],
        centres=centres,
        centre_weights=[DEMO_COMMUNE_WEIGHT if c.unit.code in demo_units else 1 for c in centres],
        provincial_centre=Agency.objects.get(level=Level.PROVINCE, kind=AgencyKind.SERVICE_CENTRE, is_active=True),
        texts=json.loads(TEXTS.read_text(encoding="utf-8")),
        names=load_json("heads.json")["commune_chairmen"],
        officers=_officers(),
    )
    ctx.versions = [facts for facts in _versions() if centres and _routable(ctx, facts, centres[0])]
    ctx.citizen, ctx.citizen_centre = _demo_citizen(centres)
    return ctx


def _demo_citizen(centres: list[Agency]) -> tuple[Applicant | None, Agency | None]:
    """The demo's citizen as an applicant, with the service centre of the ward her address names (demo/site.py)."""
    from lienthong.demo.site import CITIZEN_ADDRESS, CITIZEN_PHONE

    citizens = demo_citizens()
    if not citizens:
        return None, None
    citizen = citizens[0]
    ward = next((c for c in centres if c.unit.name and c.unit.name.casefold() in CITIZEN_ADDRESS.casefold()), None)
    applicant = Applicant(name=citizen.full_name, id_number=citizen.identity_number, phone=CITIZEN_PHONE,
                          email=citizen.email, address=CITIZEN_ADDRESS)  # fmt: skip
    return applicant, ward


def _demo_commune_codes() -> set[str]:
    refs = [ref for officer in load_json("officers.json")["officers"] for ref, _role in officer["roles"]]
    return {ref.split(":")[1] for ref in refs if ref.startswith("commune:")}


def _officers() -> dict[tuple[int, str], list[Any]]:
    held: dict[tuple[int, str], list[Any]] = {}
    roles = OfficerRole.objects.filter(
        is_active=True, user__is_active=True, role__in=[Role.RECEIVER, Role.SPECIALIST, Role.LEADER]
    ).select_related("user")
    for grant in roles.order_by("user__username"):
        held.setdefault((grant.agency_id, grant.role), []).append(grant.user)
    return held


def _versions() -> list[VersionFacts]:
    versions = (
        ProcedureVersion.objects.filter(is_current=True)
        .select_related("procedure__field")
        .prefetch_related(
            Prefetch("steps", queryset=ProcessStep.objects.select_related("agency").order_by("position")),
            "documents",
            "fees",
        )
        .order_by("procedure__national_code")
    )
    facts = []
    for version in versions:
        steps = list(version.steps.all())
        # The replay follows processes that start with the desk's receipt and end with the return of the result,
        # as every demo process does; anything else is left to live use.
        if len(steps) < 3 or not _has(steps[0], StepAction.RECEIVE) or not _has(steps[-1], StepAction.RETURN_RESULT):
            continue
        if not _groups(steps):
            continue
        facts.append(
            VersionFacts(
                version=version,
                steps=steps,
                documents=sorted(doc.pk for doc in version.documents.all() if doc.is_mandatory),
                fees=[{"name": fee.name, "amount": fee.amount} for fee in version.fees.all() if fee.amount],
                field_code=version.procedure.field.code,
                national_code=version.procedure.national_code,
                groups=_groups(steps),
                uploads=tuple(
                    (doc.pk, _upload_name(doc.name))
                    for doc in sorted(version.documents.all(), key=lambda doc: doc.pk)
                    if doc.is_mandatory
                ),
            )
        )
    return facts


def _upload_name(document: str) -> str:
    """'Tờ khai đăng ký khai sinh (Mẫu TP/HT-2020-KS.1)' → 'to-khai-dang-ky-khai-sinh-mau-tpht-2020-ks1.pdf'."""
    return f"{slugify(fold(document))[:60].strip('-') or 'giay-to'}.pdf"


def _groups(steps: list[ProcessStep]) -> list[list[ProcessStep]]:
    """The order `dossier_forward` and `dossier_complete_step` walk: each next group until the return step."""
    groups, group = [], _group_after(steps, 0)
    while group and not _has(group[0], StepAction.RETURN_RESULT):
        groups.append(group)
        group = _group_after(steps, max(step.position for step in group))
    return groups


def _has(step: ProcessStep, action: str) -> bool:
    return action in (step.actions or [])


def _routable(ctx: Context, facts: VersionFacts, centre: Agency) -> bool:
    try:
        receiving = receiving_agency(ctx, facts, centre)
        for step in facts.steps:
            ctx.route(step, receiving)
    except DossierError:
        return False
    return True


def receiving_agency(ctx: Context, facts: VersionFacts, centre: Agency) -> Agency:
    """Where the citizen of `centre`'s commune files this procedure: the agency routing gives the process's
    receipt step (the commune centre, the commune police for residence, the provincial centre for a department)."""
    return ctx.route(facts.steps[0], centre)
