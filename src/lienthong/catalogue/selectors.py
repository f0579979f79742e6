"""Reads of the catalogue app."""

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery

from lienthong.catalogue.models import (
    CompetentAuthority,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)


def catalogue_field_list() -> QuerySet[Field]:
    """Every field, by code (the order of the LinhVuc sheet)."""
    return Field.objects.order_by("code")


def catalogue_version_list_for_export() -> QuerySet[ProcedureVersion]:
    """Every version with all its children in six queries whatever the size of the catalogue.

    Ordered by content (code, date, decision) and children by position or entry order, never by version id, so an
    export of a re-imported catalogue lists things in the same order as the original.
    """
    return (
        ProcedureVersion.objects.select_related("procedure__field")
        .prefetch_related(
            Prefetch("authorities", queryset=CompetentAuthority.objects.select_related("agency").order_by("id")),
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("position")),
            Prefetch("fees", queryset=Fee.objects.select_related("collecting_agency").order_by("id")),
            Prefetch("steps", queryset=ProcessStep.objects.select_related("agency").order_by("position")),
        )
        .order_by("procedure__national_code", F("effective_from").asc(nulls_first=True), "decision")
    )


def procedure_list_with_current_name(*, queryset: QuerySet[Procedure] | None = None) -> QuerySet[Procedure]:
    """Procedures annotated with `current_name`, the name in the version in force, in one query."""
    current = ProcedureVersion.objects.filter(procedure=OuterRef("pk"), is_current=True)
    base = queryset if queryset is not None else Procedure.objects.all()
    return base.annotate(current_name=Subquery(current.values("name")[:1]))
