"""The readiness view: per commune the survey's rates beside the system's own — the share of its dossiers submitted
online in the quarter (the reports read model's daily figures) and its Decision 766 score — ranked, and the assist
list. One statement per kind of figure whatever the number of communes: the communes, the quarter's records, the
daily figures summed per unit, the thresholds, and the figures the worker stored for the quarter (their Decision 766
totals kept in the cache beside them; `reports.dashboard.scores_for` runs only for a new count)."""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from lienthong.accounts.constants import ContactKind
from lienthong.accounts.models import CitizenProfile
from lienthong.catalogue.constants import OnlineLevel
from lienthong.catalogue.models import ProcedureVersion
from lienthong.core.rules import rules_get
from lienthong.core.text import fold
from lienthong.org.models import Agency
from lienthong.readiness.constants import FIELDS
from lienthong.readiness.models import SurveyPeriod, SurveyRecord, VillageRecord
from lienthong.readiness.rules import (
    HIGH_COUNTER,
    HIGH_ONLINE,
    HIGH_SMARTPHONE,
    LOW_ONLINE,
    LOW_SMARTPHONE,
    LOW_VNEID,
)
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
SORTS = ("smartphone", "online", "fully_online", "score", "vneid", "name")


@dataclass
class CommuneReadiness:
    agency_id: int
    code: str
    name: str
    record: SurveyRecord | None
    rates: dict[str, float | None]
    received: int = 0
    online: int = 0
    fully_online: int = 0  # online dossiers of procedures offered fully online (toàn trình)
    phone_accounts: int = 0  # citizens' accounts signed up with a phone number by the quarter's end, living there
    score: float | None = None
    assist: str = ""  # "guide" (phones but not online) or "devices" (online without phones), or ""
    rank: int | None = None
    villages: int = 0  # villages (thôn, tổ dân phố) whose rows summed into the record

    @property
    def online_share(self) -> float | None:
        return self.online / self.received if self.received else None

    @property
    def fully_online_share(self) -> float | None:
        return self.fully_online / self.received if self.received else None


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
    value = {"online": lambda r: r.online_share, "fully_online": lambda r: r.fully_online_share,
             "score": lambda r: r.score}.get(sort, lambda r: r.rates.get(sort))  # fmt: skip
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


def phone_accounts(*, communes: dict[str, Agency], until: dt.datetime) -> dict[int, int]:
    """Per commune, the citizens' accounts signed up with a phone number and verified before `until` whose address
    names the commune ("…, phường Trấn Biên, tỉnh Đồng Nai"; the longest name where two match at one place): the
    system's own count of people doing their procedures from a phone. An account keeps a free-text address, so the
    addresses are matched here — once per new count of accounts (the count and the latest id key the cache), one
    statement otherwise."""
    accounts = CitizenProfile.objects.filter(contact_kind=ContactKind.PHONE, verified_at__lt=until)
    stamp = accounts.aggregate(n=Count("pk"), last=Max("pk"))
    names = {fold(agency.unit.name): agency.pk for agency in communes.values()}
    digest = hashlib.sha256("|".join(sorted(names)).encode()).hexdigest()[:12]
    key = f"readiness:phone-accounts:{until.timestamp()}:{stamp['n']}:{stamp['last']}:{digest}"
    if not stamp["n"] or (found := cache.get(key)) is None:
        found = {}
        if stamp["n"]:
            pattern = re.compile(r" (" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ") ")
            for address in accounts.values_list("address", flat=True).iterator(chunk_size=2000):
                if match := pattern.search(f" {' '.join(fold(address).replace(',', ' ').split())} "):
                    found[names[match.group(1)]] = found.get(names[match.group(1)], 0) + 1
            cache.set(key, found, TOTALS_TTL)
    return found


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
    figures, fully = {}, {}
    if first <= last and with_figures:
        ids = [a.pk for a in communes.values()]
        grouped = figures_by(start=first, end=last, group_by=["unit_id"], unit_id__in=ids)
        figures = {row["unit_id"]: row for row in grouped}
        # fully online: the online dossiers of the procedures offered fully online (toàn trình) in the catalogue now
        full = ProcedureVersion.objects.filter(is_current=True, online_level=OnlineLevel.FULL).values("procedure_id")
        fully = {
            row["unit_id"]: row["online"]
            for row in figures_by(start=first, end=last, group_by=["unit_id"], unit_id__in=ids, procedure_id__in=full)
        }
    totals = _commune_totals(quarter, now=now) if with_figures and with_scores and start < now else {}
    accounts = phone_accounts(communes=communes, until=min(end, now)) if with_figures else {}
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
            fully_online=fully.get(agency.pk, 0),
            phone_accounts=accounts.get(agency.pk, 0),
            score=totals.get(agency.pk),
        )
        row.assist = _assist(row, rules) if rules else ""
        rows.append(row)
    rows.sort(key=_sort_key(sort if sort in SORTS or sort in dict.fromkeys(k for k, _p, _w in RATES) else "smartphone"))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return rows


@dataclass
class VillageReadiness:
    """A village's (thôn, tổ dân phố) rates, where its commune's survey came one row per village."""

    agency_id: int
    commune: str
    village: str
    adults: int
    smartphone_owners: int
    rates: dict[str, float | None]
    counter_share: float | None = None  # the commune's dossiers received at the counter (not online), in the quarter
    low: tuple[str, ...] = ()  # "smartphone", "vneid": the rates below the assist list's thresholds

    @property
    def without_smartphone(self) -> int:
        return self.adults - self.smartphone_owners


def _village(record: VillageRecord, commune: str = "") -> VillageReadiness:
    return VillageReadiness(
        agency_id=record.agency_id,
        commune=commune,
        village=record.village,
        adults=record.adults,
        smartphone_owners=record.smartphone_owners,
        rates=_rates(record),
    )


def commune_villages(*, period: SurveyPeriod, agency_id: int) -> list[VillageReadiness]:
    """One commune's villages with their rates, by name (empty when its survey came as one row)."""
    records = VillageRecord.objects.filter(period=period, agency_id=agency_id).order_by("village_key")
    return [_village(record) for record in records]


def village_assist(*, period: SurveyPeriod, rows: list[CommuneReadiness]) -> tuple[list[VillageReadiness], dict]:
    """The villages to act on first (next-capabilities §7.2): a smartphone share below
    `readiness.low_smartphone_share` or a VNeID level-2 share below `readiness.low_vneid_share`, in a commune whose
    dossiers came to the counter at least `readiness.high_counter_share` of the time in the quarter (the system knows
    the counter per commune, not per village). Most adults without a smartphone first. Also each commune's number of
    villages. Two statements: the quarter's villages and the thresholds."""
    communes = {row.agency_id: row for row in rows}
    villages = list(VillageRecord.objects.filter(period=period).order_by("agency_id", "village_key"))
    counts: dict[int, int] = {}
    for record in villages:
        counts[record.agency_id] = counts.get(record.agency_id, 0) + 1
    if not villages:
        return [], counts
    rules = {key: float(value) for key, value in rules_get(LOW_SMARTPHONE, LOW_VNEID, HIGH_COUNTER).items()}
    assist = []
    for record in villages:
        commune = communes.get(record.agency_id)
        if commune is None or not commune.received:
            continue
        village = _village(record, commune.name)
        village.counter_share = (commune.received - commune.online) / commune.received
        phones, vneid = village.rates["smartphone"], village.rates["vneid"]
        village.low = tuple(
            name
            for name, rate, floor in (("smartphone", phones, rules[LOW_SMARTPHONE]), ("vneid", vneid, rules[LOW_VNEID]))
            if rate is not None and rate < floor
        )
        if village.low and village.counter_share >= rules[HIGH_COUNTER]:
            assist.append(village)
    assist.sort(key=lambda v: (-v.without_smartphone, v.commune.casefold(), v.village.casefold()))
    return assist, counts


def village_template(*, period: SurveyPeriod) -> dict[str, list[tuple[str, dict[str, int]]]]:
    """The villages to list in the quarter's template of one row per village, by commune code: the quarter's own
    with their figures, else the names of the latest earlier quarter's (figures left blank, to fill in). One
    statement, two when the quarter has none yet."""
    rows = VillageRecord.objects.filter(period=period)
    with_values = rows.exists()
    if not with_values:
        earlier = (
            SurveyPeriod.objects.filter(village_records__isnull=False)
            .filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lt=period.quarter))
            .order_by("-year", "-quarter")
            .first()
        )
        rows = VillageRecord.objects.filter(period=earlier) if earlier else VillageRecord.objects.none()
    found: dict[str, list[tuple[str, dict[str, int]]]] = {}
    for record in rows.select_related("agency__unit").order_by("agency_id", "village_key"):
        values = {name: getattr(record, name) for name in FIELDS} if with_values else {}
        found.setdefault(record.agency.unit.code, []).append((record.village, values))
    return found


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
