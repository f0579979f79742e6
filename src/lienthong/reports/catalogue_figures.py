"""Decision 766's figures counted from the procedure catalogue, per scored unit (`reports.units`): how many
procedures are in a unit's competence, offered online, fee-bearing, for citizens, published complete, and announced
on time in the period (docs/dashboards.md, "Figures from the catalogue, complaints and ratings").

A procedure counts to a unit when a competent authority of the version in force names one of the unit's agencies, or
names a kind of agency at a level that one of the unit's agencies is (UBND cấp xã → every commune). The province
holds every agency, so it counts each procedure once. What the catalogue does not record — when a version was made
public on the portal, a procedure's link to the population database — is 0, never guessed: the engine then shows
"no data".

Two queries whatever the number of units (the versions with what they hold, then their authorities; a province has
some 2,000 procedures), plus the working calendar when a version was announced in the period.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from lienthong.catalogue.constants import OnlineLevel, TimeUnit
from lienthong.catalogue.models import CompetentAuthority, Fee, ProcedureVersion, ProcessStep, RequiredDocument
from lienthong.core.calendar import WorkCalendar
from lienthong.core.calendar_store import work_calendar_current
from lienthong.core.text import fold
from lienthong.reports.units import AgencyTree, ScoredUnit

# Decree 63/2010 art. 15 as amended (formula notes 1.1): a province's announcing decision is on time when signed at
# least this many working days before the procedure applies (a ministry's: 20).
ANNOUNCE_WORKING_DAYS_BEFORE = 5

# The catalogue's "đối tượng thực hiện" is free text: a procedure is "for citizens" (formula notes 4.5: a citizen,
# an overseas Vietnamese or a foreigner) when it names one of these, diacritics folded.
CITIZEN_WORDS = re.compile(r"\b(cong dan|ca nhan|nguoi nuoc ngoai|dinh cu o nuoc ngoai)\b")

ONLINE = (OnlineLevel.FULL, OnlineLevel.PARTIAL)
FIGURES = (
    "procedures_under_competence",
    "procedures_with_online_service",
    "online_services",
    "procedures_with_fee",
    "procedures_for_citizens",
    "procedures_with_citizen_data",
    "procedures_announced",
    "procedures_announced_on_time",
    "procedures_made_public",
    "procedures_made_public_on_time",
    "procedures_public",
    "procedures_public_complete",
)


@dataclass(frozen=True)
class _Version:
    id: int
    procedure_id: int
    decision_date: dt.date | None
    effective_from: dt.date | None
    is_current: bool
    online: bool
    for_citizens: bool
    has_fee: bool
    complete: bool

    @property
    def applies_from(self) -> dt.date | None:
        """When the version applies: its effective date, else its decision's date; None if the catalogue has neither
        (then it has applied as long as the catalogue knows it)."""
        return self.effective_from or self.decision_date


def _versions() -> list[_Version]:
    """Every version with what the figures ask of it, in one query."""
    documents = RequiredDocument.objects.filter(version=OuterRef("pk"))
    steps = ProcessStep.objects.filter(version=OuterRef("pk"))
    fees = Fee.objects.filter(version=OuterRef("pk"), amount__gt=0)
    rows = (
        ProcedureVersion.objects.annotate(
            has_documents=Exists(documents), has_steps=Exists(steps), has_fee=Exists(fees)
        )
        .order_by("id")
        .values_list(
            "id", "procedure_id", "decision_date", "effective_from", "is_current", "online_level", "name",
            "submission_methods", "applicant_types", "time_limit_value", "time_limit_unit", "has_documents",
            "has_steps", "has_fee",
        )
    )  # fmt: skip
    versions = []
    for (pk, procedure_id, decided, effective, current, online_level, name, methods, applicants, limit, unit,
         has_documents, has_steps, has_fee) in rows:  # fmt: skip
        # Decree 63/2010 art. 8(2) as the formula notes (1.3) list it: name, sequence (the steps the public page
        # shows as "Trình tự thực hiện"), method, components, time limit, subjects; the agency is checked by
        # competence itself.
        has_limit = limit is not None or unit == TimeUnit.IMMEDIATE
        complete = all((name.strip(), has_steps, methods.strip(), has_documents, has_limit, applicants.strip()))
        versions.append(
            _Version(
                id=pk, procedure_id=procedure_id, decision_date=decided, effective_from=effective, is_current=current,
                online=online_level in ONLINE, for_citizens=bool(CITIZEN_WORDS.search(fold(applicants))),
                has_fee=has_fee, complete=complete,
            )
        )  # fmt: skip
    return versions


def in_force(versions: Iterable[_Version], *, last_day: dt.date) -> list[_Version]:
    """Each procedure's version in force on `last_day`: the one applying latest by then (the current one on a tie).
    A procedure none of whose versions is current any more has been abolished — the catalogue records no date for
    that — and is left out."""
    by_procedure: dict[int, list[_Version]] = defaultdict(list)
    for version in versions:
        by_procedure[version.procedure_id].append(version)
    chosen = []
    for candidates in by_procedure.values():
        if not any(v.is_current for v in candidates):
            continue
        applying = [v for v in candidates if v.applies_from is None or v.applies_from <= last_day]
        if applying:
            chosen.append(max(applying, key=lambda v: (v.applies_from or dt.date.min, v.is_current, v.id)))
    return chosen


def announced_on_time(version: _Version, *, calendar: WorkCalendar) -> bool:
    """Signed at least ANNOUNCE_WORKING_DAYS_BEFORE working days before the version applies. Without an effective
    date nothing shows it on time (the catalogue should hold it)."""
    if version.decision_date is None or version.effective_from is None:
        return False
    latest, counted = version.effective_from, 0
    while counted < ANNOUNCE_WORKING_DAYS_BEFORE:
        latest -= dt.timedelta(days=1)
        if calendar.is_working_day(latest):
            counted += 1
    return version.decision_date <= latest


class _Competence:
    """Which of the given units a version's competent authorities point to, without a query."""

    def __init__(self, units: Sequence[ScoredUnit], tree: AgencyTree, authorities: Iterable[tuple]):
        self.by_agency: dict[int, set[int]] = defaultdict(set)
        self.by_level_kind: dict[tuple[str, str], set[int]] = defaultdict(set)
        for unit in units:
            for agency_id in unit.agency_ids:
                self.by_agency[agency_id].add(unit.id)
                agency = tree.by_id.get(agency_id)
                if agency is not None:
                    self.by_level_kind[(agency.level, agency.kind)].add(unit.id)
        self.of_version: dict[int, list[tuple[str, int | None, str]]] = defaultdict(list)
        for version_id, level, agency_id, kind in authorities:
            self.of_version[version_id].append((level, agency_id, kind))

    def units(self, version_id: int) -> set[int]:
        found: set[int] = set()
        for level, agency_id, kind in self.of_version.get(version_id, ()):
            if agency_id is not None:
                found |= self.by_agency.get(agency_id, set())
            else:
                found |= self.by_level_kind.get((level, kind), set())
        return found


def catalogue_figures(
    *,
    units: Sequence[ScoredUnit],
    period_start: dt.datetime,
    period_end: dt.datetime,
    at: dt.datetime,
    tree: AgencyTree,
    calendar: WorkCalendar | None = None,
) -> dict[int, dict[str, int]]:
    """unit id → the catalogue's figures (see the module). Procedures in force are judged at `at` (the last day
    before it); versions announced count when their decision's date falls in [period_start, period_end)."""
    versions = _versions()
    authorities = CompetentAuthority.objects.order_by("id").values_list(
        "version_id", "level", "agency_id", "agency_kind"
    )
    competence = _Competence(units, tree, authorities)
    first_day, end_day = timezone.localdate(period_start), timezone.localdate(period_end)
    last_day = timezone.localdate(at - dt.timedelta(microseconds=1))

    counted: dict[int, dict[str, set[int]]] = {unit.id: defaultdict(set) for unit in units}
    for version in in_force(versions, last_day=last_day):
        for unit_id in competence.units(version.id):
            sets = counted[unit_id]
            procedure = version.procedure_id
            sets["procedures_under_competence"].add(procedure)
            # Every procedure in force is published on the portal's procedure pages: public, complete or not.
            sets["procedures_public"].add(procedure)
            if version.complete:
                sets["procedures_public_complete"].add(procedure)
            if version.online:
                sets["procedures_with_online_service"].add(procedure)
            if version.has_fee:
                sets["procedures_with_fee"].add(procedure)
            if version.for_citizens:
                sets["procedures_for_citizens"].add(procedure)

    announced = [v for v in versions if v.decision_date is not None and first_day <= v.decision_date < end_day]
    calendar = calendar or (work_calendar_current() if announced else None)
    for version in announced:
        on_time = announced_on_time(version, calendar=calendar)
        for unit_id in competence.units(version.id):
            counted[unit_id]["procedures_announced"].add(version.id)
            if on_time:
                counted[unit_id]["procedures_announced_on_time"].add(version.id)

    return {unit.id: _figures(counted[unit.id]) for unit in units}


def _figures(sets: Mapping[str, set[int]]) -> dict[str, int]:
    figures = {name: len(sets.get(name, ())) for name in FIGURES}
    # One online service per procedure in force: the catalogue records one online level for a version, and the
    # portal offers its online submission wherever it is competent (a commune's counted for each commune).
    figures["online_services"] = figures["procedures_with_online_service"]
    # Not held: no date of publication on the portal, no link of a procedure to the population database.
    figures["procedures_made_public"] = figures["procedures_made_public_on_time"] = 0
    figures["procedures_with_citizen_data"] = 0
    return figures
