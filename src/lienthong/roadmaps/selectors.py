"""Reads of roadmaps: the monitoring office's list (every unit, filtered), a unit's own items, counts per status."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from lienthong.roadmaps.constants import SEVERITY, ItemStatus
from lienthong.roadmaps.models import ItemEscalation, Milestone, RoadmapItem


@dataclass(frozen=True)
class ItemFilters:
    status: str = ""
    level: str = ""
    kind: str = ""
    plan: int | None = None
    agency: int | None = None


def items_list(*, filters: ItemFilters, agency_ids: frozenset[int] | None = None) -> QuerySet[RoadmapItem]:
    """Items with their unit, the filters applied; `agency_ids` limits them to a unit's own (None: every unit)."""
    items = RoadmapItem.objects.select_related("agency", "plan")
    if agency_ids is not None:
        items = items.filter(agency_id__in=agency_ids)
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.level:
        items = items.filter(agency__level=filters.level)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.agency:
        items = items.filter(agency_id=filters.agency)
    if filters.plan:
        items = items.filter(plan_id=filters.plan)
    return items.order_by("due_on", "agency__name", "id")


def items_counts(*, agency_ids: frozenset[int] | None = None) -> dict[str, int]:
    items = RoadmapItem.objects.all()
    if agency_ids is not None:
        items = items.filter(agency_id__in=agency_ids)
    counts = dict.fromkeys(ItemStatus.values, 0)
    for row in items.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def statuses_by_agency(*, agency_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per agency, how many of its items are in each status (one query)."""
    counts: dict[int, dict[str, int]] = {}
    rows = RoadmapItem.objects.filter(agency_id__in=agency_ids).values("agency_id", "status").annotate(n=Count("pk"))
    for row in rows.order_by():
        counts.setdefault(row["agency_id"], dict.fromkeys(ItemStatus.values, 0))[row["status"]] = row["n"]
    return counts


def worst_status(counts: dict[str, int]) -> str:
    present = [status for status, n in counts.items() if n]
    return min(present, key=SEVERITY.__getitem__) if present else ""


def item_detail(*, item_id: int) -> tuple[RoadmapItem, list[Milestone], list[ItemEscalation]] | None:
    item = RoadmapItem.objects.select_related("agency", "plan", "system").filter(pk=item_id).first()
    if item is None:
        return None
    return item, list(item.milestones.all()), list(item.escalations.all())


def plan_group_agencies(group: str):
    """The units a provincial plan goes to: every commune (its people's committee) or every department."""
    from lienthong.org.constants import AgencyKind, Level
    from lienthong.org.models import Agency

    kinds = {
        "communes": (AgencyKind.PEOPLES_COMMITTEE, Level.COMMUNE),
        "departments": (AgencyKind.DEPARTMENT, Level.PROVINCE),
    }
    kind, level = kinds[group]
    return list(Agency.objects.filter(is_active=True, kind=kind, level=level).order_by("name"))


def agencies_named(*, agency_ids: frozenset[int] | None) -> list[tuple[int, str]]:
    from lienthong.org.models import Agency

    agencies = Agency.objects.filter(is_active=True)
    if agency_ids is not None:
        agencies = agencies.filter(pk__in=agency_ids)
    return list(agencies.order_by("level", "name").values_list("pk", "name"))


def statuses_by_level() -> dict[str, dict[str, int]]:
    """Per level of the owning units (province: the departments; commune), items in each status (one query)."""
    counts: dict[str, dict[str, int]] = {}
    rows = RoadmapItem.objects.filter(agency__is_active=True).values("agency__level", "status").annotate(n=Count("pk"))
    for row in rows.order_by():
        counts.setdefault(row["agency__level"], dict.fromkeys(ItemStatus.values, 0))[row["status"]] = row["n"]
    return counts


def unit_roadmap(*, agency_id: int) -> list[RoadmapItem]:
    """A unit's items with their milestones (two queries), by due date."""
    items = RoadmapItem.objects.filter(agency_id=agency_id).select_related("plan").prefetch_related("milestones")
    return list(items.order_by("due_on", "id"))
