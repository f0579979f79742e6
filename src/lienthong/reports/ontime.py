"""The on-time table of the leaders' dashboard: received, finished, on time, late, the on-time rate, the average
processing time and the dossiers overdue now, by unit, field, level or month (issue 12, item 4), summed from the
daily figures — never counted over the dossier table — and each figure a link to its list (`counter_list`).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienthong.catalogue.models import Field
from lienthong.org.constants import Level
from lienthong.reports.access import Reach
from lienthong.reports.dashboard import overdue_now_by_unit, overdue_now_list
from lienthong.reports.index766 import Period
from lienthong.reports.models import DossierFact
from lienthong.reports.selectors import COUNTER_CONDITIONS, facts_counted, figures_by
from lienthong.reports.units import AgencyTree

GROUPINGS = {"unit": _("Đơn vị"), "field": _("Lĩnh vực"), "level": _("Cấp"), "month": _("Tháng")}
_COLUMN = {"unit": "unit_id", "field": "field_id", "level": "level", "month": "day"}
# The counters a row links to, and the query parameter naming the row's key in the list's URL.
LINKED = ("received", "finished", "finished_on_time", "finished_late")
PARAM = {"unit": "don_vi", "field": "linh_vuc", "level": "cap", "month": "thang"}
OVERDUE_NOW = "overdue_now"


@dataclass
class OnTimeRow:
    key: object
    label: str
    received: int = 0
    finished: int = 0
    finished_on_time: int = 0
    finished_late: int = 0
    processing_seconds: int = 0
    overdue_now: int | None = None  # by unit only: dossiers still open past their due date, whenever received

    @property
    def rate(self) -> Decimal | None:
        """On time ÷ finished, as a percentage with one decimal; None when nothing finished."""
        if not self.finished:
            return None
        return (Decimal(self.finished_on_time * 100) / self.finished).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def average_days(self) -> Decimal | None:
        if not self.finished:
            return None
        days = Decimal(self.processing_seconds) / self.finished / 86400
        return days.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def links(self) -> list[tuple[str, tuple[str, int]]]:
        """(counter, (its heading, its value)) for the counters a row links to, in the table's order."""
        return [(name, (str(COUNTER_HEADINGS[name]), getattr(self, name))) for name in LINKED]

    def add(self, figures: dict) -> None:
        for name in ("received", "finished", "finished_on_time", "finished_late", "processing_seconds"):
            setattr(self, name, getattr(self, name) + int(figures[name]))


@dataclass
class OnTimeTable:
    period: Period
    grouping: str
    rows: list[OnTimeRow] = field(default_factory=list)
    total: OnTimeRow = field(default_factory=lambda: OnTimeRow("", str(_("Tổng cộng"))))
    filters: dict = field(default_factory=dict)


def _days(period: Period, month: str = "") -> tuple[dt.date, dt.date]:
    """The local days of the period (or of one month of it), both ends included."""
    start, end = period.bounds
    first, last = start.date(), (end - dt.timedelta(days=1)).date()
    if month:
        inner = Period.parse(month)
        if inner.kind != "month":
            raise ValueError(month)
        inner_start, inner_end = inner.bounds
        first, last = max(first, inner_start.date()), min(last, (inner_end - dt.timedelta(days=1)).date())
    return first, last


def _key_filters(*, reach: Reach, level: str, field_id: int | None, unit_id: int | None) -> dict:
    filters: dict = {}
    if level in Level.values:
        filters["level"] = level
    if field_id is not None:
        filters["field_id"] = field_id
    if unit_id is not None:
        filters["unit_id"] = unit_id
    if not reach.everything:
        if unit_id is not None and unit_id not in reach.unit_ids:
            raise PermissionError(unit_id)
        filters.setdefault("unit_id__in", sorted(reach.unit_ids))
    return filters


def on_time_table(
    *, period: Period, grouping: str, reach: Reach, tree: AgencyTree, level: str = "", field_id: int | None = None,
    unit_id: int | None = None,
) -> OnTimeTable:  # fmt: skip
    """One row per unit (field, level, month) with dossiers in the period, ordered by its label (months in order);
    the total row sums them. Two statements (the figures, the overdue-now counts) and one for the labels."""
    filters = _key_filters(reach=reach, level=level, field_id=field_id, unit_id=unit_id)
    first, last = _days(period)
    column = _COLUMN[grouping]
    table = OnTimeTable(period=period, grouping=grouping, filters=filters)
    rows: dict[object, OnTimeRow] = {}
    for figures in figures_by(start=first, end=last, group_by=[column], **filters):
        key = figures[column]
        if grouping == "month":
            key = Period("month", key.year, key.month).key
        rows.setdefault(key, OnTimeRow(key, "")).add(figures)
        table.total.add(figures)
    if grouping == "unit":
        wanted = None if reach.everything and unit_id is None else filters.get("unit_id__in") or [unit_id]
        overdue = overdue_now_by_unit(now=timezone.now(), unit_ids=wanted, level=filters.get("level"),
                                      field_id=field_id)  # fmt: skip
        for key, count in overdue.items():
            rows.setdefault(key, OnTimeRow(key, "")).overdue_now = count
        for row in rows.values():
            row.overdue_now = row.overdue_now or 0
        table.total.overdue_now = sum(overdue.values())
    labels = _labels(grouping, list(rows), tree)
    for key, row in rows.items():
        row.label = labels.get(key, str(key))
    table.rows = sorted(rows.values(), key=_order(grouping))
    return table


def _order(grouping: str):
    """Months in order, levels by name; units and fields the weakest first (lowest on-time rate; nothing finished
    last), where a leader looks first."""
    if grouping == "month":
        return lambda r: (r.key,)
    if grouping == "level":
        return lambda r: (r.label.casefold(),)
    return lambda r: (r.rate is None, r.rate if r.rate is not None else 0, r.label.casefold())


def _labels(grouping: str, keys: list, tree: AgencyTree) -> dict:
    if grouping == "unit":
        return {key: tree.by_id[key].name if key in tree.by_id else str(key) for key in keys}
    if grouping == "field":
        return dict(Field.objects.filter(pk__in=keys).values_list("pk", "name"))
    if grouping == "level":
        return {key: str(Level(key).label) if key in Level.values else key for key in keys}
    return {key: Period.parse(key).label for key in keys}


def counter_list(params, *, period: Period, unit_id: int | None, reach: Reach) -> tuple[QuerySet[DossierFact], str]:
    """The facts behind one figure of the on-time table (`so_lieu` and the row's key in `params`); ValueError for a
    figure that does not exist."""
    counter = params.get("so_lieu", "")
    field_id = params.get("linh_vuc")
    field_id = int(field_id) if field_id and field_id.isdigit() else None
    filters = _key_filters(reach=reach, level=params.get("cap", ""), field_id=field_id, unit_id=unit_id)
    if counter == OVERDUE_NOW:
        facts = overdue_now_list(unit_id=unit_id, now=timezone.now())
        facts = facts.filter(**{k: v for k, v in filters.items() if k != "unit_id"})
        return facts, str(_("Hồ sơ đang xử lý đã quá hạn"))
    if counter not in LINKED or counter not in COUNTER_CONDITIONS:
        raise ValueError(counter)
    first, last = _days(period, params.get("thang", "")[:10])
    facts = facts_counted(filters={"counter": counter, "start": first, "end": last, **filters})
    return facts, str(COUNTER_LABELS[counter])


COUNTER_HEADINGS = {
    "received": _("Đã tiếp nhận"),
    "finished": _("Đã giải quyết"),
    "finished_on_time": _("Đúng hạn"),
    "finished_late": _("Trễ hạn"),
}
COUNTER_LABELS = {
    "received": _("Hồ sơ tiếp nhận"),
    "finished": _("Hồ sơ đã giải quyết"),
    "finished_on_time": _("Hồ sơ giải quyết đúng hạn"),
    "finished_late": _("Hồ sơ giải quyết trễ hạn"),
}
