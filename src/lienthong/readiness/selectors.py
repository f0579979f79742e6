"""The readiness view: per commune the survey's rates beside the system's own — the share of its dossiers submitted
online in the quarter (the reports read model's daily figures) and its Decision 766 score — ranked, and the assist
list. One statement per kind of figure whatever the number of communes: the communes, the quarter's records, the
daily figures summed per unit, the thresholds, and the figures the worker stored for the quarter (their Decision 766
totals kept in the cache beside them; `reports.dashboard.scores_for` runs only for a new count)."""

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils import timezone

from lienthong.core.rules import rules_get
from lienthong.readiness.models import SurveyPeriod, SurveyRecord
from lienthong.readiness.rules import HIGH_ONLINE, HIGH_SMARTPHONE, LOW_ONLINE, LOW_SMARTPHONE
from lienthong.readiness.services import survey_communes
from lienthong.reports import figure_store
from lienthong.reports.dashboard import scores_for
from lienthong.reports.index766 import Period
from lienthong.reports.selectors import figures_by

RATES = (
    ("smartphone", "smartphone_owners", "adults"),
    ("feature_only", "feature_phone_only", "adults"),
    ("broadband", "households_broadband", "households"),
    ("vneid", "vneid_level2", "adults"),
    ("portal", "portal_accounts", "adults"),
    ("epayment", "epayment_users", "adults"),
)
TOTALS_TTL = 60 * 60
SORTS = ("smartphone", "online", "score", "vneid", "name")


@dataclass
class CommuneReadiness:
    agency_id: int
    code: str
    name: str
    record: SurveyRecord | None
    rates: dict[str, float | None]
    received: int = 0
    online: int = 0
    score: float | None = None
    assist: str = ""  # "guide" (phones but not online) or "devices" (online without phones), or ""
    rank: int | None = None

    @property
    def online_share(self) -> float | None:
        return self.online / self.received if self.received else None


def period_current(now: dt.datetime | None = None) -> tuple[int, int]:
    today = timezone.localdate(now or timezone.now())
    return today.year, (today.month - 1) // 3 + 1


def _rates(record: SurveyRecord | None) -> dict[str, float | None]:
    if record is None:
        return {key: None for key, _p, _w in RATES}
    return {
        key: (getattr(record, part) / getattr(record, whole) if getattr(record, whole) else None)
        for key, part, whole in RATES
    }


def _assist(row: CommuneReadiness, rules: dict[str, float]) -> str:
    phones, online = row.rates["smartphone"], row.online_share
    if phones is None or online is None:
        return ""
    if phones >= rules[HIGH_SMARTPHONE] and online < rules[LOW_ONLINE]:
        return "guide"
    if phones < rules[LOW_SMARTPHONE] and online >= rules[HIGH_ONLINE]:
        return "devices"
    return ""


def _sort_key(sort: str):
    if sort == "name":
        return lambda r: (r.name.casefold(),)
    value = {"online": lambda r: r.online_share, "score": lambda r: r.score}.get(sort, lambda r: r.rates.get(sort))
    return lambda r: (value(r) is None, -(value(r) or 0), r.name.casefold())


def _commune_totals(quarter: Period, *, now: dt.datetime) -> dict[int, float]:
    """Each unit's Decision 766 total for the quarter, from the figures the worker stored: kept in the cache under
    the stored figures' count (a new count, a new key), so only the first page after a count runs the engine over
    every unit (0.1–0.4 s in a new process); the others read one row and one cache entry."""
    row = figure_store.figures_read(quarter)
    if row is not None:
        key = f"readiness:totals:{quarter.key}:{row.counted_at.timestamp()}:{row.counted_changes}:{row.changes}"
        if (totals := cache.get(key)) is not None:
            return totals
    scores = scores_for(quarter, now=now)  # a quarter never counted is counted here, once, and stored
    totals = {r.unit.id: float(r.score.total) for r in (*scores.communes, *scores.departments)}
    if row is not None:
        cache.set(key, totals, TOTALS_TTL)
    return totals


def readiness_rows(
    *,
    period: SurveyPeriod,
    sort: str = "smartphone",
    now: dt.datetime | None = None,
    with_scores: bool = True,
    with_figures: bool = True,
) -> list[CommuneReadiness]:
    """Every commune's row for the quarter, ranked by `sort` (a rate, "online", "score" or "name"). Without
    `with_figures` the survey's answers alone (the template, the chart drawn ahead): two statements."""
    now = now or timezone.now()
    communes = survey_communes()
    records = {r.agency_id: r for r in SurveyRecord.objects.filter(period=period)}
    quarter = Period("quarter", period.year, period.quarter)
    start, end = quarter.bounds
    first, last = timezone.localdate(start), timezone.localdate(min(end, now) - dt.timedelta(microseconds=1))
    figures = (
        {}
        if first > last or not with_figures
        else {
            row["unit_id"]: row
            for row in figures_by(
                start=first, end=last, group_by=["unit_id"], unit_id__in=[a.pk for a in communes.values()]
            )
        }
    )
    totals = _commune_totals(quarter, now=now) if with_figures and with_scores and start < now else {}
    thresholds = rules_get(HIGH_SMARTPHONE, LOW_ONLINE, LOW_SMARTPHONE, HIGH_ONLINE) if with_figures else {}
    rules = {key: float(value) for key, value in thresholds.items()}
    rows = []
    for code, agency in communes.items():
        record = records.get(agency.pk)
        figure = figures.get(agency.pk, {})
        row = CommuneReadiness(
            agency_id=agency.pk,
            code=code,
            name=agency.unit.name,
            record=record,
            rates=_rates(record),
            received=figure.get("received", 0),
            online=figure.get("online", 0),
            score=totals.get(agency.pk),
        )
        row.assist = _assist(row, rules) if rules else ""
        rows.append(row)
    rows.sort(key=_sort_key(sort if sort in SORTS or sort in dict.fromkeys(k for k, _p, _w in RATES) else "smartphone"))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return rows


def periods_known() -> list[SurveyPeriod]:
    return list(SurveyPeriod.objects.all())


@dataclass(frozen=True)
class Headline:
    """The province's readiness in a few figures, for the public page: sums over the communes' answers (no name, no
    person), and the share of the communes' dossiers submitted online in the quarter."""

    period_key: str
    closed: bool
    communes: int  # communes that answer (their people's committees)
    surveyed: int  # of those, how many answered
    adults: int
    smartphone_owners: int
    vneid_level2: int
    received: int
    online: int

    @property
    def smartphone_share(self) -> float | None:
        return self.smartphone_owners / self.adults if self.adults else None

    @property
    def vneid_share(self) -> float | None:
        return self.vneid_level2 / self.adults if self.adults else None

    @property
    def online_share(self) -> float | None:
        return self.online / self.received if self.received else None


def headline_period() -> SurveyPeriod | None:
    """The quarter the public page shows: the latest closed one with answers, else the latest with answers."""
    surveyed = SurveyPeriod.objects.filter(records__isnull=False).distinct()
    return surveyed.filter(closed_at__isnull=False).first() or surveyed.first()


def province_headline(*, period: SurveyPeriod, now: dt.datetime | None = None) -> Headline:
    """Three statements: the communes, the quarter's answers summed, the communes' daily figures summed."""
    now = now or timezone.now()
    communes = survey_communes()
    answers = SurveyRecord.objects.filter(period=period, agency__in=communes.values()).aggregate(
        n=Count("pk"), adults=Sum("adults"), smartphone=Sum("smartphone_owners"), vneid=Sum("vneid_level2")
    )
    start, end = Period("quarter", period.year, period.quarter).bounds
    first, last = timezone.localdate(start), timezone.localdate(min(end, now) - dt.timedelta(microseconds=1))
    figures = (
        figures_by(start=first, end=last, unit_id__in=[a.pk for a in communes.values()])[0]
        if first <= last
        else {"received": 0, "online": 0}
    )
    return Headline(
        period_key=period.key,
        closed=period.closed_at is not None,
        communes=len(communes),
        surveyed=answers["n"],
        adults=answers["adults"] or 0,
        smartphone_owners=answers["smartphone"] or 0,
        vneid_level2=answers["vneid"] or 0,
        received=figures["received"],
        online=figures["online"],
    )
