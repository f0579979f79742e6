"""Reads of the feedback app: the dossier a rating form is for. (Ratings are counted for the statistics and Decision
766 from the reporting read model the feedback app's event keeps: `reports.selectors.rating_totals_by_agency`.)"""

from lienthong.dossiers.models import Dossier


def dossier_to_rate(*, code: str) -> Dossier | None:
    """The dossier with this code, its agency and procedure for the heading, and its rating if it has one: one query."""
    return Dossier.objects.filter(code=code).select_related("agency", "procedure_version", "rating").first()
