"""Reads behind the public catalogue: search that ignores diacritics, case and word order; browsing facets; the
procedure page.

The search runs in the database on `ProcedureVersion.name_folded` (the name folded by `core.text.fold`, stored on
every write), so it costs one scan of the current versions — a few thousand short rows in a real
province — and returns only the page asked for, on SQLite and PostgreSQL alike.
"""

import re
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from lienthong.catalogue.models import (
    CompetentAuthority,
    Fee,
    Field,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)
from lienthong.core.text import fold
from lienthong.org.constants import Level

MAX_QUERY_TOKENS = 8  # a longer query is a pasted paragraph; eight words already pin a procedure down
# A national TTHC code (domain-vn §5), alone or at the start of a localised one such as 1.001193.000.00.00.H56.
NATIONAL_CODE = re.compile(r"\d\.\d{6}")
CODE_PREFIX = re.compile(r"\d[\d.]*")
LEVEL_ORDER = list(Level.values)
KIND_SEPARATOR = "."  # `agency=commune.peoples_committee`: every agency of a kind at a level


@dataclass(frozen=True)
class ProcedureFilters:
    query: str = ""
    field: str = ""  # Field.code
    level: str = ""  # org Level value
    agency: str = ""  # Agency.identifier_code, or "<level>.<agency kind>"


@dataclass(frozen=True)
class Facet:
    """One way to browse the catalogue, with how many current procedures it holds. Plain data, so it caches."""

    value: str
    name: str  # a field's or agency's name; empty for levels and agency kinds, which the face labels
    count: int
    level: str = ""
    kind: str = ""


@dataclass(frozen=True)
class CatalogueFacets:
    fields: list[Facet]
    levels: list[Facet]
    agencies: list[Facet]  # agency kinds at a level first (UBND cấp xã), then named agencies by name


def _query_match(query: str) -> Q:
    """Every folded word in the folded name, in any order; or the query is (the start of) a national code."""
    by_name = Q()
    for token in fold(query).split()[:MAX_QUERY_TOKENS]:
        by_name &= Q(name_folded__contains=token)
    code = query.strip()
    if match := NATIONAL_CODE.match(code):
        return by_name | Q(procedure__national_code=match.group())
    if CODE_PREFIX.fullmatch(code):
        return by_name | Q(procedure__national_code__startswith=code)
    return by_name


def _agency_match(agency: str) -> Q:
    level, _sep, kind = agency.partition(KIND_SEPARATOR)
    if kind and not level[:1].isdigit():
        return Q(level=level, agency__isnull=True, agency_kind=kind)
    return Q(agency__identifier_code=agency)


def _authorities() -> Prefetch:
    return Prefetch("authorities", queryset=CompetentAuthority.objects.select_related("agency").order_by("id"))


def catalogue_search(*, filters: ProcedureFilters) -> QuerySet[ProcedureVersion]:
    """Current versions matching the query and the browsing filters, by name; rows carry field and authorities."""
    versions = ProcedureVersion.objects.filter(is_current=True)
    if filters.query.strip():
        versions = versions.filter(_query_match(filters.query))
    if filters.field:
        versions = versions.filter(procedure__field__code=filters.field)
    authorities = CompetentAuthority.objects.filter(version=OuterRef("pk"))
    if filters.level:
        versions = versions.filter(Exists(authorities.filter(level=filters.level)))
    if filters.agency:
        versions = versions.filter(Exists(authorities.filter(_agency_match(filters.agency))))
    return (
        versions.select_related("procedure__field")
        .prefetch_related(_authorities())
        .order_by("name_folded", "procedure__national_code")
    )


def _level_first(row: dict) -> int:
    """Province before commune, the order of the org tree, not of the level's spelling."""
    return LEVEL_ORDER.index(row["level"]) if row["level"] in LEVEL_ORDER else len(LEVEL_ORDER)


def catalogue_facets() -> CatalogueFacets:
    """Fields, levels and agencies that have current procedures, with counts: four grouped queries."""
    current = Q(procedures__versions__is_current=True)
    fields = Field.objects.annotate(n=Count("procedures", filter=current)).filter(n__gt=0).order_by("name")
    in_force = CompetentAuthority.objects.filter(version__is_current=True)
    levels = sorted(in_force.values("level").annotate(n=Count("version", distinct=True)).order_by(), key=_level_first)
    kinds = sorted(
        in_force.filter(agency__isnull=True)
        .values("level", "agency_kind")
        .annotate(n=Count("version", distinct=True))
        .order_by(),
        key=lambda row: (_level_first(row), -row["n"]),
    )
    named = (
        in_force.filter(agency__isnull=False)
        .values("agency__identifier_code", "agency__name")
        .annotate(n=Count("version", distinct=True))
        .order_by("agency__name")
    )
    return CatalogueFacets(
        fields=[Facet(value=f.code, name=f.name, count=f.n) for f in fields],
        levels=[Facet(value=row["level"], name="", count=row["n"], level=row["level"]) for row in levels],
        agencies=[
            Facet(
                value=f"{row['level']}{KIND_SEPARATOR}{row['agency_kind']}",
                name="",
                count=row["n"],
                level=row["level"],
                kind=row["agency_kind"],
            )
            for row in kinds
        ]
        + [Facet(value=row["agency__identifier_code"], name=row["agency__name"], count=row["n"]) for row in named],
    )


def catalogue_current_names(*, procedure_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Procedure id → (national code, current name), in one query."""
    rows = ProcedureVersion.objects.filter(procedure_id__in=procedure_ids, is_current=True).values_list(
        "procedure_id", "procedure__national_code", "name"
    )
    return {procedure_id: (code, name) for procedure_id, code, name in rows}


def catalogue_version_for_public_page(*, national_code: str) -> ProcedureVersion | None:
    """The version in force with everything the procedure page publishes, in five queries whatever its size."""
    return (
        ProcedureVersion.objects.filter(is_current=True, procedure__national_code=national_code)
        .select_related("procedure__field")
        .prefetch_related(
            _authorities(),
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("position")),
            Prefetch("fees", queryset=Fee.objects.select_related("collecting_agency").order_by("id")),
            Prefetch("steps", queryset=ProcessStep.objects.select_related("agency").order_by("position")),
        )
        .first()
    )


def catalogue_template_for_download(*, national_code: str, document_id: int) -> RequiredDocument | None:
    """A form of any version of the procedure (older dossiers may need their version's form): an uploaded template
    file, or the declaration printable from the version's electronic form (`downloadable_form`)."""
    document = (
        RequiredDocument.objects.filter(pk=document_id, version__procedure__national_code=national_code)
        .select_related("version__procedure")
        .first()
    )
    return document if document is not None and downloadable_form(document) else None


def downloadable_form(document: RequiredDocument) -> bool:
    """A citizen can download this document's form: the province uploaded one, or it is the declaration and the
    version has an electronic form to print it from (catalogue/declaration.py). `document.version` is read."""
    return bool(document.template_file) or (document.is_declaration and bool(document.version.form_schema))
