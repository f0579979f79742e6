"""The monthly compliance report: every unit's connection over one month, and why it is out of compliance.

A unit is **out of compliance** for a month when any of (thresholds are rules, `board/rules.py`):
- it has declared no connected system, or none of its systems has ever connected during the month's known time;
- one of its systems was available (connected or degraded) less than `board.compliance_min_availability` (95 %)
  of the month's known time (`board.history`);
- one of its outages was escalated by e-mail during the month (`Escalation.sent_at` in the month);
- it received dossiers in the month and less than `board.compliance_min_sync_share` (90 %) of them are synced to
  the national portal (Decision 766 metric 1.4, counted from the reporting read model: `reports.sync_share`).

Time before the history begins is unknown: a system with nothing known for the month is shown "unknown" and is not
judged on availability (the other reasons still apply).

The whole province costs a fixed number of queries whatever its size (pinned by a test).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.board.extensions import board_notes
from lienthong.board.history import Availability, availability, changes_for_period
from lienthong.board.models import Escalation
from lienthong.board.rules import COMPLIANCE_MIN_AVAILABILITY, COMPLIANCE_MIN_SYNC_SHARE
from lienthong.board.selectors import agencies_with_head
from lienthong.core.rules import rule_get
from lienthong.gateway.models import ConnectedSystem
from lienthong.org.constants import Level
from lienthong.org.models import AdministrativeUnit
from lienthong.org.services.units import unit_code
from lienthong.reports.sync_share import SyncShare, sync_share_by_agency


class MonthError(ValueError):
    """A month that cannot be reported: malformed, before the system existed, or still to come."""


def _percent(value: float) -> str:
    return f"{value * 100:.1f} %"  # as the board's `percent` filter writes it, so a page never mixes two forms


@dataclass(frozen=True)
class Reason:
    """Why a unit is out of compliance; worded when shown, in the language then active."""

    code: str
    system: str = ""
    value: float | None = None
    threshold: float | None = None
    count: int = 0

    def __str__(self) -> str:
        if self.code == "no_system":
            return _("Chưa khai báo hệ thống kết nối")
        if self.code == "never_connected":
            return _("Hệ thống %(system)s chưa từng kết nối trong tháng") % {"system": self.system}
        if self.code == "low_availability":
            return _("Hệ thống %(system)s sẵn sàng %(value)s, dưới ngưỡng %(threshold)s") % {
                "system": self.system, "value": _percent(self.value or 0), "threshold": _percent(self.threshold or 0)
            }  # fmt: skip
        if self.code == "escalated":
            return _("Hệ thống %(system)s mất kết nối đã bị cảnh báo (%(count)s lần)") % {
                "system": self.system, "count": self.count
            }  # fmt: skip
        return _("Đồng bộ hồ sơ lên Cổng DVC quốc gia %(value)s, dưới ngưỡng %(threshold)s") % {
            "value": _percent(self.value or 0), "threshold": _percent(self.threshold or 0)
        }  # fmt: skip


@dataclass
class SystemMonth:
    id: int
    name: str
    kind_label: str
    availability: Availability
    escalations: list[dt.datetime] = field(default_factory=list)  # when each escalation of the month was sent


@dataclass
class ComplianceLine:
    agency_id: int
    name: str
    level: str
    level_label: str
    head_name: str | None
    head_title: str | None
    head_since: dt.date | None
    head_acting: bool
    systems: list[SystemMonth] = field(default_factory=list)
    received: int = 0
    synced: int = 0
    sync: SyncShare | None = None  # the same, with Decision 766 metric 1.4's rate and points (None: none received)
    reasons: list[Reason] = field(default_factory=list)
    notes: list = field(default_factory=list)  # what other apps add (board.extensions): the roadmap's section

    @property
    def compliant(self) -> bool:
        return not self.reasons

    @property
    def availability(self) -> float | None:
        """The weakest known system's availability (a unit is as connected as its least connected system)."""
        shares = [s.availability.share for s in self.systems if s.availability.share is not None]
        return min(shares) if shares else None

    @property
    def outages(self) -> int:
        return sum(len(s.availability.outages) for s in self.systems)

    @property
    def longest_outage(self) -> dt.timedelta | None:
        longest = [s.availability.longest_outage for s in self.systems if s.availability.longest_outage]
        return max(longest) if longest else None

    @property
    def never(self) -> dt.timedelta:
        return sum((s.availability.never for s in self.systems), dt.timedelta())

    @property
    def escalations(self) -> int:
        return sum(len(s.escalations) for s in self.systems)

    @property
    def sync_share(self) -> float | None:
        return self.synced / self.received if self.received else None


@dataclass
class ComplianceReport:
    year: int
    month: int
    start: dt.datetime
    end: dt.datetime  # the month's end, or now for the current month
    generated_at: dt.datetime
    province_name: str
    min_availability: float
    min_sync_share: float
    lines: list[ComplianceLine]

    @property
    def label(self) -> str:
        return f"{self.month:02d}/{self.year}"

    @property
    def noted(self) -> list[ComplianceLine]:
        """The units other apps have notes on (their roadmap): the report's roadmap section, overdue first."""
        return sorted(
            (line for line in self.lines if line.notes), key=lambda line: not any(note.details for note in line.notes)
        )

    @property
    def non_compliant(self) -> list[ComplianceLine]:
        return [line for line in self.lines if not line.compliant]

    @property
    def counts(self) -> dict[str, int]:
        bad = len(self.non_compliant)
        return {"total": len(self.lines), "non_compliant": bad, "compliant": len(self.lines) - bad,
                "unknown": sum(1 for line in self.lines if line.systems and line.availability is None)}  # fmt: skip


def month_bounds(year: int, month: int, *, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the month in local time, `end` clipped to now; MonthError for a month not begun."""
    if not (2000 <= year <= 9999 and 1 <= month <= 12):
        raise MonthError(_("Tháng không hợp lệ."))
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    start = dt.datetime(year, month, 1, tzinfo=zone)
    if start > now:  # before the next month is computed: December 9999 has none (a 500 for `?thang=9999-12`)
        raise MonthError(_("Tháng này chưa đến."))
    following = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, min(following, now)


def month_parse(text: str) -> tuple[int, int]:
    """`yyyy-mm` → (year, month); MonthError otherwise."""
    year, sep, month = text.partition("-")
    if not (sep and len(year) == 4 and len(month) == 2 and year.isascii() and year.isdigit() and month.isascii()
            and month.isdigit()):  # fmt: skip
        raise MonthError(_("Tháng không hợp lệ."))
    return int(year), int(month)


def last_month(now: dt.datetime | None = None) -> tuple[int, int]:
    today = timezone.localdate(now or timezone.now())
    previous = today.replace(day=1) - dt.timedelta(days=1)
    return previous.year, previous.month


def _province_name() -> str:
    code = unit_code(level=Level.PROVINCE, number=settings.LIENTHONG_PROVINCE_CODE)
    units = AdministrativeUnit.objects.filter(level=Level.PROVINCE, code=code).order_by("-valid_from")
    return units.values_list("name", flat=True).first() or ""


def _reasons(line: ComplianceLine, min_availability: float, min_sync_share: float) -> list[Reason]:
    if not line.systems:
        return [Reason("no_system")]
    reasons = []
    for system in line.systems:
        known = system.availability
        if known.never_connected:
            reasons.append(Reason("never_connected", system=system.name))
        elif known.share is not None and known.share < min_availability:
            reasons.append(Reason("low_availability", system=system.name, value=known.share,
                                  threshold=min_availability))  # fmt: skip
    reasons += [Reason("escalated", system=s.name, count=len(s.escalations)) for s in line.systems if s.escalations]
    if line.sync_share is not None and line.sync_share < min_sync_share:
        reasons.append(Reason("low_sync_share", value=line.sync_share, threshold=min_sync_share))
    return reasons


def compliance_month(year: int, month: int, *, now: dt.datetime | None = None) -> ComplianceReport:
    """Every active agency's line for the month (non-compliant first, then by level and name); MonthError for a
    month not begun or malformed. The head is the one in office at the month's end (today for the current month)."""
    now = now or timezone.now()
    start, end = month_bounds(year, month, now=now)
    min_availability = float(rule_get(COMPLIANCE_MIN_AVAILABILITY))
    min_sync_share = float(rule_get(COMPLIANCE_MIN_SYNC_SHARE))
    head_day = timezone.localdate(end - dt.timedelta(microseconds=1))
    lines = {
        a.pk: ComplianceLine(
            agency_id=a.pk, name=a.name, level=a.level, level_label=a.get_level_display(), head_name=a.head_name,
            head_title=a.head_title, head_since=a.head_since, head_acting=bool(a.head_acting),
        )
        for a in agencies_with_head(head_day, None)
    }  # fmt: skip
    systems = list(
        ConnectedSystem.objects.filter(is_active=True, agency_id__in=list(lines), created_at__lt=end)
        .only("pk", "name", "kind", "agency_id")
        .order_by("agency_id", "name")
    )
    ids = [s.pk for s in systems]
    changes = changes_for_period(system_ids=ids, start=start, end=end)
    sent: dict[int, list[dt.datetime]] = {}
    for system_id, at in (
        Escalation.objects.filter(system_id__in=ids, sent_at__gte=start, sent_at__lt=end)
        .order_by("sent_at")
        .values_list("system_id", "sent_at")
    ):
        sent.setdefault(system_id, []).append(at)
    for system in systems:
        lines[system.agency_id].systems.append(
            SystemMonth(id=system.pk, name=system.name, kind_label=system.get_kind_display(),
                        availability=availability(changes.get(system.pk, []), start=start, end=end),
                        escalations=sent.get(system.pk, []))
        )  # fmt: skip
    for share in sync_share_by_agency(start=start, end=end):
        if line := lines.get(share.agency_id):
            line.received, line.synced, line.sync = share.received, share.synced, share
    notes = board_notes(agency_ids=list(lines), on=head_day)
    for line in lines.values():
        line.reasons = _reasons(line, min_availability, min_sync_share)
        line.notes = notes.get(line.agency_id, [])
    ordered = sorted(lines.values(), key=lambda line: line.compliant)  # stable: level and name kept within
    return ComplianceReport(year=year, month=month, start=start, end=end, generated_at=now,
                            province_name=_province_name(), min_availability=min_availability,
                            min_sync_share=min_sync_share, lines=ordered)  # fmt: skip
