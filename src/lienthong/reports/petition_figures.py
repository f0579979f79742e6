"""Decision 766's figures counted from complaints and recommendations (PAKN) and from the applicants' ratings, per
scored unit (`reports.units`; docs/dashboards.md, "Figures from the catalogue, complaints and ratings") — from the
read model only: the complaints' facts (`ComplaintFact`), the ratings' (`RatingFact`) and the dossiers'
(`DossierFact`), kept from the complaints' and the feedback app's events. No statement reads their tables.

- PAKN (5.2, 5.3): the PAKN of a period are those answered in it and those not refused whose answer deadline fell
  in it without an answer by its end; on time = answered by the deadline; overdue = the others (`petition_counts`,
  the one rule — the complaints app has no count of its own). A complaint counts to the unit of the agency
  handling it (`AgencyTree.unit_of`), and to the province.
- Dossiers with a PAKN or a dislike (5.4): dossiers received in the period (counted to the unit answering for
  each) named by a complaint's "mã số hồ sơ" — unless the complaint was refused — or rated "not satisfied"
  (`feedback.constants.NOT_SATISFIED_BELOW`), the complaint received or the rating given before `at`.
- Not held: a citizen's like or dislike of an answer, and a link from a complaint to the one it repeats — both 0.

Two queries whatever the number of units; `petition_list` gives the complaints or dossiers behind each figure.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, F, Q, QuerySet

from lienthong.feedback.constants import NOT_SATISFIED_BELOW
from lienthong.reports.models import ComplaintFact, DossierFact, RatingFact
from lienthong.reports.units import AgencyTree, ScoredUnit, UnitKind

FIGURES = (
    "petitions",
    "petitions_on_time",
    "petitions_overdue",
    "petitions_disliked",
    "petitions_repeated",
    "dossiers_with_complaint_or_dislike",
)
# The figures whose list is of complaints; the last one's is of dossiers.
PETITION_LISTS = ("petitions", "petitions_on_time", "petitions_overdue", "petitions_disliked", "petitions_repeated")
DOSSIER_LIST = "dossiers_with_complaint_or_dislike"


def petition_conditions(*, start: dt.datetime, end: dt.datetime, at: dt.datetime) -> dict[str, Q]:
    """Which complaints' facts each PAKN figure of [start, end), judged at `at`, counts (the one rule)."""
    cut = min(end, at)
    answered = Q(answered_at__gte=start, answered_at__lt=end)
    overdue_unanswered = (
        Q(answer_due_at__gte=start, answer_due_at__lt=cut)
        & Q(refused=False)
        & (Q(answered_at__isnull=True) | Q(answered_at__gte=end))
    )
    on_time = answered & Q(answered_at__lte=F("answer_due_at"))
    return {
        "petitions": answered | overdue_unanswered,
        "petitions_on_time": on_time,
        "petitions_overdue": (answered & ~Q(answered_at__lte=F("answer_due_at"))) | overdue_unanswered,
        "petitions_disliked": Q(pk__in=[]),  # not held yet
        "petitions_repeated": Q(pk__in=[]),  # not held yet
    }


def _complained_or_disliked(at: dt.datetime) -> Q:
    named = ComplaintFact.objects.filter(received_at__lt=at, refused=False, dossier_id__isnull=False)
    disliked = RatingFact.objects.filter(rated_at__lt=at, average__lt=NOT_SATISFIED_BELOW)
    return Q(dossier_id__in=named.values("dossier_id")) | Q(dossier_id__in=disliked.values("dossier_id"))


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

    conditions = petition_conditions(start=period_start, end=period_end, at=at)
    counted = ("petitions", "petitions_on_time", "petitions_overdue")
    by_agency = (
        ComplaintFact.objects.values("agency_id")
        .annotate(**{name: Count("pk", filter=conditions[name]) for name in counted})
        .order_by()
    )
    for row in by_agency:
        for unit_id in counted_to(tree.unit_of(row["agency_id"])):
            for name in counted:
                figures[unit_id][name] += row[name]

    by_unit = (
        DossierFact.objects.filter(received_at__gte=period_start, received_at__lt=period_end)
        .filter(_complained_or_disliked(at))
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in by_unit:
        for unit_id in counted_to(row["unit_id"]):
            figures[unit_id][DOSSIER_LIST] += row["n"]

    return {unit_id: {name: counts[name] for name in FIGURES} for unit_id, counts in figures.items()}


def petition_list(
    *, figure: str, unit: ScoredUnit, period_start: dt.datetime, period_end: dt.datetime, at: dt.datetime
) -> QuerySet:
    """The facts behind one figure of `petition_figures` for `unit`: complaints' facts for a PAKN figure, dossiers'
    for the dossiers with a PAKN or a dislike. Its length is the figure."""
    if figure == DOSSIER_LIST:
        facts = DossierFact.objects.filter(received_at__gte=period_start, received_at__lt=period_end)
        if unit.kind != UnitKind.PROVINCE:
            facts = facts.filter(unit_id=unit.id)
        return facts.filter(_complained_or_disliked(at)).order_by("dossier_id")
    condition = petition_conditions(start=period_start, end=period_end, at=at)[figure]
    return ComplaintFact.objects.filter(condition, agency_id__in=unit.agency_ids).order_by("complaint_id")
