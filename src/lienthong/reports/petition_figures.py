"""Decision 766's figures counted from complaints and recommendations (PAKN) and from the applicants' ratings, per
scored unit (`reports.units`; docs/dashboards.md, "Figures from the catalogue, complaints and ratings").

- PAKN on time (5.2) is the complaints app's one rule (`complaints.selectors.on_time_share_counts`, the rule of
  `complaint_on_time_share`): the PAKN of a period are those answered in it and those not refused whose answer
  deadline fell in it without an answer by its end; on time = answered by the deadline. Overdue = the others. A
  complaint counts to the unit of the agency handling it (`AgencyTree.unit_of`), and to the province.
- Dossiers with a PAKN or a dislike (5.4): dossiers received in the period (the read model's facts, counted to the
  unit answering for each) named by a complaint's "mã số hồ sơ" — unless the complaint was refused — or rated "not
  satisfied" (`feedback.constants.NOT_SATISFIED_BELOW`), the complaint received or the rating given before `at`.
- Not held: a citizen's like or dislike of an answer, and a link from a complaint to the one it repeats — both 0.

Two queries whatever the number of units.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, Q
from django.db.models.functions import Upper

from lienthong.complaints.constants import Status
from lienthong.complaints.models import Complaint
from lienthong.complaints.selectors import on_time_share_counts
from lienthong.dossiers.models import Dossier
from lienthong.feedback.constants import NOT_SATISFIED_BELOW
from lienthong.feedback.models import Rating
from lienthong.reports.models import DossierFact
from lienthong.reports.units import AgencyTree, ScoredUnit, UnitKind

FIGURES = (
    "petitions",
    "petitions_on_time",
    "petitions_overdue",
    "petitions_disliked",
    "petitions_repeated",
    "dossiers_with_complaint_or_dislike",
)


class _CountedTo:
    """The given units a row of one unit counts to: its own, if given, and the province (every agency's)."""

    def __init__(self, units: Sequence[ScoredUnit]):
        self.provinces = [u.id for u in units if u.kind == UnitKind.PROVINCE]
        self.others = {u.id for u in units if u.kind != UnitKind.PROVINCE}

    def __call__(self, unit_id: int) -> list[int]:
        return self.provinces + [unit_id] if unit_id in self.others else self.provinces


def petition_figures(
    *,
    units: Sequence[ScoredUnit],
    period_start: dt.datetime,
    period_end: dt.datetime,
    at: dt.datetime,
    tree: AgencyTree,
) -> dict[int, dict[str, int]]:
    """unit id → the PAKN and satisfaction figures of [period_start, period_end), judged at `at` (see the module)."""
    figures: dict[int, dict[str, int]] = {unit.id: defaultdict(int) for unit in units}
    counted_to = _CountedTo(units)

    by_agency = (
        Complaint.objects.values("agency_id")
        .annotate(**on_time_share_counts(start=period_start, end=period_end, at=at))
        .order_by()
    )
    for row in by_agency:
        for unit_id in counted_to(tree.unit_of(row["agency_id"])):
            counts = figures[unit_id]
            counts["petitions"] += row["answered"] + row["overdue"]
            counts["petitions_on_time"] += row["on_time"]
            counts["petitions_overdue"] += row["answered"] - row["on_time"] + row["overdue"]

    named = (
        Complaint.objects.filter(received_at__lt=at)
        .exclude(status=Status.REFUSED)
        .exclude(dossier_code="")
        .annotate(named_code=Upper("dossier_code"))
        .values("named_code")
    )
    complained = Dossier.objects.filter(code__in=named).values("pk")
    disliked = Rating.objects.filter(rated_at__lt=at, average__lt=NOT_SATISFIED_BELOW).values("dossier_id")
    by_unit = (
        DossierFact.objects.filter(received_at__gte=period_start, received_at__lt=period_end)
        .filter(Q(dossier_id__in=complained) | Q(dossier_id__in=disliked))
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in by_unit:
        for unit_id in counted_to(row["unit_id"]):
            figures[unit_id]["dossiers_with_complaint_or_dislike"] += row["n"]

    return {unit_id: {name: counts[name] for name in FIGURES} for unit_id, counts in figures.items()}
