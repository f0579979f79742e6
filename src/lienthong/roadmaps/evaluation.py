"""Automatic evidence: what the system's own data says of each open item, read in a fixed number of queries —
the board's state of the units' systems, the Decision 766 scores of the read model, the online dossiers counted
by the read model's daily figures. Read-only over the board and reports; the writes go through `evidence_set`."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.board.constants import ConnectionState
from lienthong.board.selectors import AgencyState, board_agencies
from lienthong.reports.dashboard import scores_for
from lienthong.reports.index766 import Period
from lienthong.reports.selectors import figures_by
from lienthong.roadmaps.constants import EvidenceKind, ItemStatus
from lienthong.roadmaps.models import RoadmapItem
from lienthong.roadmaps.services import evidence_set


def _connected(item: RoadmapItem, agency: AgencyState | None) -> tuple[bool, str]:
    """Connected and in sync: the system named (or every system of the unit) connected, its last reconciliation
    without a differing line."""
    wanted = item.evidence_params.get("system_id")
    systems = [s for s in (agency.systems if agency else []) if not wanted or s.id == wanted]
    if not systems:
        return False, _("Chưa có hệ thống kết nối.")
    for system in systems:
        if system.state != ConnectionState.CONNECTED:
            return False, _("Hệ thống %(name)s chưa kết nối ổn định.") % {"name": system.name}
        if system.reconciliation_gaps:
            return False, _("Hệ thống %(name)s lệch đối soát %(n)s dòng.") % {
                "name": system.name,
                "n": system.reconciliation_gaps,
            }
    names = ", ".join(s.name for s in systems)
    return True, _("Đang kết nối, đối soát khớp: %(names)s.") % {"names": names}


def _indicator(item: RoadmapItem, scores) -> tuple[bool, str]:
    code = str(item.evidence_params.get("indicator", "total"))
    threshold = Decimal(str(item.evidence_params.get("threshold", 0)))
    result = scores.unit(item.agency_id)
    if result is None:
        return False, _("Chưa có điểm QĐ 766 của đơn vị trong kỳ.")
    if code == "total":
        value = result.score.total
        label = _("Tổng điểm QĐ 766")
    else:
        indicator = result.score.indicators.get(code)
        if indicator is None or indicator.no_data:
            return False, _("Chỉ số %(code)s chưa có số liệu.") % {"code": code}
        value = (indicator.rate * 100).quantize(Decimal("0.1"))
        label = _("Chỉ số %(code)s (%%)") % {"code": code}
    met = value >= threshold
    return met, _("%(label)s: %(value)s (ngưỡng %(threshold)s).") % {
        "label": label,
        "value": value,
        "threshold": threshold,
    }


def _online_counts(items: list[RoadmapItem], today: dt.date) -> dict[int, int]:
    """Per item, the dossiers its unit received online since the item was made: one grouped query per start day."""
    by_start: dict[dt.date, list[RoadmapItem]] = defaultdict(list)
    for item in items:
        by_start[timezone.localdate(item.created_at)].append(item)
    counts = {}
    for start, group in by_start.items():
        rows = figures_by(
            start=start, end=today, group_by=["agency_id"], agency_id__in=sorted({i.agency_id for i in group})
        )
        online = {row["agency_id"]: row["online"] for row in rows}
        counts.update({i.pk: online.get(i.agency_id, 0) for i in group})
    return counts


def evidence_evaluate(*, now: dt.datetime | None = None) -> list[RoadmapItem]:
    """Check the automatic evidence of every item not yet done, record it and recompute every open item's status
    (a milestone slipping, a due date passing); returns the items whose status changed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    items = list(RoadmapItem.objects.exclude(status=ItemStatus.GREEN))
    kinds = defaultdict(list)
    for item in items:
        kinds[item.evidence_kind].append(item)
    results: dict[int, tuple[bool, str]] = {}
    if connected := kinds[EvidenceKind.CONNECTED]:
        states = {a.id: a for a in board_agencies(now=now, agency_ids=sorted({i.agency_id for i in connected}))}
        results.update({i.pk: _connected(i, states.get(i.agency_id)) for i in connected})
    if indicator := kinds[EvidenceKind.INDICATOR]:
        scores = scores_for(Period.containing("month", now), now=now)
        results.update({i.pk: _indicator(i, scores) for i in indicator})
    if online := kinds[EvidenceKind.ONLINE_DOSSIERS]:
        counts = _online_counts(online, today)
        for item in online:
            need = int(item.evidence_params.get("count", 0))
            results[item.pk] = (
                counts[item.pk] >= need,
                _("%(n)s hồ sơ trực tuyến (cần %(need)s).") % {"n": counts[item.pk], "need": need},
            )
    return evidence_set(items=items, results=results, now=now)
