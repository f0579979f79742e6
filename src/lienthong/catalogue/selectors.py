"""Reads of the catalogue app."""

from django.db.models import F, Prefetch, QuerySet

from lienthong.catalogue.models import CompetentAuthority, Fee, Field, ProcedureVersion, ProcessStep, RequiredDocument


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
            Prefetch("fees", queryset=Fee.objects.order_by("id")),
            Prefetch("steps", queryset=ProcessStep.objects.select_related("agency").order_by("position")),
        )
        .order_by("procedure__national_code", F("effective_from").asc(nulls_first=True), "decision")
    )
