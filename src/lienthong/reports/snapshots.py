"""Frozen Decision 766 scores (issue 12, item 3): once a period is over, every unit's scores are written once per
formula version and never changed again, so the ranking a leader saw on the 1st is the ranking the trend shows a
year later, whatever dossiers were corrected since.

- `snapshot_take` scores a finished period from the read model (`index766.province_scores`) and writes one
  `ScoreSnapshot` per unit in one transaction; if the period already has rows under that version it writes nothing
  and says so. A new formula version writes its own rows beside the old ones.
- `snapshot_monthly` is the periodic task's work: last month, under the current version, if not done yet — safe
  to run every hour.
- `snapshots_take_history` freezes every finished month since the first dossier (the demo, a first installation).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.core.errors import DomainError
from lienthong.reports.index766 import Period, ProvinceScores, UnitResult, province_scores
from lienthong.reports.kpi766 import CURRENT_VERSION, IndicatorScore, Kpi766Error, load_version
from lienthong.reports.models import DossierFact, ScoreSnapshot

# The six groups each have a column (a trend or a ranking reads them without opening the JSON).
GROUP_COLUMNS = ("transparency", "progress", "online_service", "online_payment", "digitisation", "satisfaction")


class SnapshotError(DomainError):
    PERIOD_NOT_OVER = "period_not_over"
    UNKNOWN_VERSION = "unknown_version"
    GROUPS_UNKNOWN = "groups_unknown"


@dataclass(frozen=True)
class SnapshotReport:
    """What one `snapshot_take` did: `written` rows, or none because the period was `frozen` already."""

    period: Period
    version: str
    written: int
    frozen: bool
    taken_at: dt.datetime  # this call's instant, or when the existing rows were taken

    def line(self) -> str:
        """What the command and the demo print."""
        values = {"period": self.period.key, "version": self.version, "count": self.written}
        if not self.frozen:
            return _("Đã chốt điểm kỳ %(period)s (phiên bản %(version)s) của %(count)d đơn vị.") % values
        values["at"] = timezone.localtime(self.taken_at).strftime("%d/%m/%Y %H:%M")
        return _("Điểm kỳ %(period)s (phiên bản %(version)s) đã chốt lúc %(at)s: không thay đổi gì.") % values


def _version_checked(version: str) -> None:
    try:
        groups = {group.code for group in load_version(version).groups}
    except Kpi766Error as error:
        raise SnapshotError(
            SnapshotError.UNKNOWN_VERSION, _("Không có phiên bản công thức %(version)s.") % {"version": version}
        ) from error
    if groups != set(GROUP_COLUMNS):
        # A version with other groups needs columns of its own: a migration, not a silent loss of points.
        raise SnapshotError(
            SnapshotError.GROUPS_UNKNOWN,
            _("Phiên bản %(version)s có nhóm chỉ số khác sáu nhóm đang lưu.") % {"version": version},
        )


def indicator_as_json(score: IndicatorScore) -> dict:
    """An indicator's result as stored: decimals as exact strings, so a snapshot reads back to the digit."""
    return {
        "group": score.group,
        "max_points": str(score.max_points),
        "numerator": str(score.numerator),
        "denominator": str(score.denominator),
        "rate": str(score.rate),
        "points": str(score.points),
        "no_data": score.no_data,
    }


def _row(result: UnitResult, scores: ProvinceScores, *, taken_at: dt.datetime) -> ScoreSnapshot:
    start, end = scores.period.bounds
    unit, score = result.unit, result.score
    groups = {group.code: group.points for group in score.groups}
    return ScoreSnapshot(
        period_key=scores.period.key, period_kind=scores.period.kind, period_start=start, period_end=end,
        version=scores.version, unit_id=unit.id, unit_kind=unit.kind, unit_code=unit.code, unit_name=unit.name,
        rank=result.rank, total=score.total, **{column: groups[column] for column in GROUP_COLUMNS},
        indicators={code: indicator_as_json(ind) for code, ind in score.indicators.items()},
        counts={name: int(value) for name, value in sorted(result.counts.items())},
        judged_at=scores.judged_at, taken_at=taken_at,
    )  # fmt: skip


def _existing(period: Period, version: str) -> SnapshotReport | None:
    taken = ScoreSnapshot.objects.filter(period_key=period.key, version=version).aggregate(at=Min("taken_at"))["at"]
    if taken is None:
        return None
    return SnapshotReport(period=period, version=version, written=0, frozen=True, taken_at=taken)


def snapshot_take(*, period: Period, version: str = CURRENT_VERSION, now: dt.datetime | None = None) -> SnapshotReport:
    """Freeze every unit's scores of `period` under `version` (see the module). A period not over yet is refused:
    its open dossiers are not judged yet."""
    now = now or timezone.now()
    _version_checked(version)
    if now < period.bounds[1]:
        raise SnapshotError(
            SnapshotError.PERIOD_NOT_OVER,
            _("Kỳ %(period)s chưa kết thúc: chỉ chốt điểm kỳ đã qua.") % {"period": period.key},
        )
    if existing := _existing(period, version):
        return existing
    scores = province_scores(period=period, version=version, now=now)
    everyone = ([scores.province] if scores.province else []) + scores.departments + scores.communes
    rows = [_row(result, scores, taken_at=now) for result in everyone]
    try:
        with transaction.atomic():
            ScoreSnapshot.objects.bulk_create(rows)
    except IntegrityError:
        # Another process (a second worker, the command beside the task) froze the same period meanwhile: its rows
        # stand, and this call's are not written (the transaction wrote none of them).
        if existing := _existing(period, version):
            return existing
        raise
    return SnapshotReport(period=period, version=version, written=len(rows), frozen=False, taken_at=now)


def snapshot_monthly(*, now: dt.datetime | None = None) -> SnapshotReport:
    """Last month's scores under the current version, frozen once: from the 1st at 00:00 in Viet Nam's time, every
    later call finds them frozen and writes nothing."""
    now = now or timezone.now()
    last_month = Period.containing("month", now).previous()
    return snapshot_take(period=last_month, version=CURRENT_VERSION, now=now)


def snapshots_take_history(
    *,
    version: str = CURRENT_VERSION,
    now: dt.datetime | None = None,
    report: Callable[[SnapshotReport], None] | None = None,
) -> list[SnapshotReport]:
    """Every finished month since the first dossier received, frozen (those already frozen are left as they are):
    a leader sees a trend on the first day."""
    now = now or timezone.now()
    first = DossierFact.objects.aggregate(first=Min("received_at"))["first"]
    if first is None:
        return []
    month, last = Period.containing("month", first), Period.containing("month", now).previous()
    months = []
    while (month.year, month.n) <= (last.year, last.n):
        months.append(month)
        month = Period("month", month.year + month.n // 12, month.n % 12 + 1)
    reports = []
    for month in months:
        reports.append(snapshot_take(period=month, version=version, now=now))
        if report is not None:
            report(reports[-1])
    return reports
