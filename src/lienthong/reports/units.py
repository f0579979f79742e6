"""The units Decision 766 scores inside a province — the province, each department (sở, ban, ngành, and each
sector agency in the province), each commune — and which of them answers for a dossier.

A dossier is received by a one-stop desk (the province's public service centre, a commune's) but the index counts
it to the unit competent to decide it: the procedure's competent authority at the dossier's level (a named agency,
or the agency of that kind in the receiving desk's administrative unit — "UBND cấp xã"). That agency is rolled up to
its scored unit: a department's own offices (a land registration office under the department of agriculture and
environment) count to the department; a commune's service centre and divisions to the commune's people's committee;
a commune police station to the province's police (sector agencies are ranked as one unit of the province). A
dossier of a procedure with no competent authority recorded at its level counts to the desk's unit.

One query over the agencies builds the whole map (a province has a few hundred), so the facts of a batch of
thousands of dossiers are attributed with two queries in all.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lienthong.catalogue.models import CompetentAuthority
from lienthong.core.text import fold
from lienthong.org.constants import AgencyKind, Level
from lienthong.org.models import Agency

PROVINCE_AS_A_WHOLE = 0  # the province's unit id when no people's committee of the province is recorded


class UnitKind:
    PROVINCE = "province"
    DEPARTMENT = "department"
    COMMUNE = "commune"


@dataclass(frozen=True)
class ScoredUnit:
    """A unit the index scores: its heading agency (the people's committee for the province and a commune), and
    every agency whose dossiers count to it."""

    id: int
    kind: str
    name: str
    code: str
    agency_ids: frozenset[int]


@dataclass(frozen=True)
class _Agency:
    id: int
    kind: str
    level: str
    parent_id: int | None
    unit_id: int | None
    name: str
    code: str


class AgencyTree:
    """Every agency with its parent, read once; answers "which unit" without another query."""

    def __init__(self, agencies: Iterable[_Agency] | None = None):
        if agencies is None:
            columns = ("id", "kind", "level", "parent_id", "unit_id", "name", "identifier_code")
            agencies = (_Agency(*row) for row in Agency.objects.order_by("id").values_list(*columns))
        self.by_id = {agency.id: agency for agency in agencies}
        # (administrative unit, agency kind) → the agency: where "every agency of a kind" points for a desk.
        self.by_place_kind: dict[tuple[int | None, str], int] = {}
        for agency in self.by_id.values():
            self.by_place_kind.setdefault((agency.unit_id, agency.kind), agency.id)
        self._units: dict[int, int] = {}

    def unit_of(self, agency_id: int) -> int:
        """The scored unit an agency's dossiers count to (see the module); an unknown id is its own unit."""
        if agency_id in self._units:
            return self._units[agency_id]
        agency = self.by_id.get(agency_id)
        unit = agency_id
        if agency is not None and agency.kind != AgencyKind.PEOPLES_COMMITTEE:
            # Climb while the parent is not a people's committee: a department's office to the department, a
            # commune police station to the province's police.
            seen = {agency.id}
            while agency.parent_id in self.by_id and agency.parent_id not in seen:
                parent = self.by_id[agency.parent_id]
                if parent.kind == AgencyKind.PEOPLES_COMMITTEE:
                    # Under a commune's committee the commune answers; under the province's, the department does.
                    if parent.level != Level.PROVINCE:
                        agency = parent
                    break
                seen.add(parent.id)
                agency = parent
            unit = agency.id
        self._units[agency_id] = unit
        return unit

    def province_id(self) -> int | None:
        committees = [
            a.id for a in self.by_id.values() if a.kind == AgencyKind.PEOPLES_COMMITTEE and a.level == Level.PROVINCE
        ]
        return min(committees) if committees else None

    def scored_units(self) -> list[ScoredUnit]:
        """The province (every agency), then its departments by name, then its communes by name. A district's
        committee (history before 1/7/2025) is ranked with the communes."""
        members: dict[int, set[int]] = {}
        for agency_id in self.by_id:
            members.setdefault(self.unit_of(agency_id), set()).add(agency_id)
        province = self.province_id()
        if province is not None:
            head = self.by_id[province]
            whole = ScoredUnit(head.id, UnitKind.PROVINCE, head.name, head.code, frozenset(self.by_id))
        else:  # no people's committee recorded for the province: the province is still scored, as a whole
            whole = ScoredUnit(PROVINCE_AS_A_WHOLE, UnitKind.PROVINCE, str(_("Toàn tỉnh")), "", frozenset(self.by_id))
        units = [whole]
        departments, communes = [], []
        for unit_id, agency_ids in members.items():
            if unit_id == province:
                continue
            head = self.by_id[unit_id]
            kind = UnitKind.DEPARTMENT if head.level == Level.PROVINCE else UnitKind.COMMUNE
            unit = ScoredUnit(head.id, kind, head.name, head.code, frozenset(agency_ids))
            (departments if kind == UnitKind.DEPARTMENT else communes).append(unit)

        def by_name(unit: ScoredUnit) -> tuple[str, int]:
            return fold(unit.name), unit.id

        return units + sorted(departments, key=by_name) + sorted(communes, key=by_name)


def answering_units(rows: list[dict], *, tree: AgencyTree | None = None) -> dict[int, int]:
    """dossier id → the scored unit answering for it, for dossier rows holding `pk`, `agency_id`, `agency__level`
    and `procedure_version_id` (see the module). Two queries: the agencies and the versions' authorities."""
    tree = tree or AgencyTree()
    authorities: dict[tuple[int, str], tuple[int | None, str]] = {}
    versions = {row["procedure_version_id"] for row in rows}
    for version_id, level, agency_id, kind in (
        CompetentAuthority.objects.filter(version_id__in=versions)
        .order_by("id")
        .values_list("version_id", "level", "agency_id", "agency_kind")
    ):
        authorities.setdefault((version_id, level), (agency_id, kind))
    answering = {}
    for row in rows:
        desk = row["agency_id"]
        competent = desk
        agency_id, kind = authorities.get((row["procedure_version_id"], row["agency__level"]), (None, ""))
        if agency_id is not None:
            competent = agency_id
        elif kind:
            place = tree.by_id[desk].unit_id if desk in tree.by_id else None
            competent = tree.by_place_kind.get((place, kind), desk)
        answering[row["pk"]] = tree.unit_of(competent)
    return answering
