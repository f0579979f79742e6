"""How much each procedure is used: the public home page lists the most used ones (cached by the caller)."""

import datetime as dt

from django.db.models import Count

from lienthong.dossiers.models import Dossier


def procedure_usage_since(*, since: dt.datetime, limit: int) -> list[tuple[int, int]]:
    """(procedure id, dossiers received since `since`), most used first: one grouped query."""
    rows = (
        Dossier.objects.filter(received_at__gte=since)
        .values("procedure_version__procedure_id")
        .annotate(n=Count("id"))
        .order_by("-n", "procedure_version__procedure_id")[:limit]
    )
    return [(row["procedure_version__procedure_id"], row["n"]) for row in rows]
