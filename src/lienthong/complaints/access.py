"""Who sees and handles which complaints (an officer's `OfficerScope`, read for PAKN):

- the handling agency's desk, specialists, leaders and monitors (its TTHC control staff) read and handle it;
- a provincial monitor (the province's monitoring office) reads every complaint and publishes answers;
- a commune's monitor reads those handled in its commune;
- a leader or monitor of an agency reads too the complaints of every agency below it in the agency tree — a
  commune's chairman those of the commune's service centre and divisions, a department's director those of its
  offices: the unit the leaders' dashboard lists them for (`reports`' list of complaints behind a PAKN figure is
  this rule applied to the unit's complaints, so a complaint listed there always opens);
- superusers read everything, for administration, and handle nothing from the back office.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from lienthong.complaints.models import Complaint
from lienthong.org.access import OfficerScope
from lienthong.org.constants import Level, Role
from lienthong.org.models import Agency

HANDLER_ROLES = (Role.RECEIVER, Role.SPECIALIST, Role.LEADER, Role.MONITOR)
WATCHER_ROLES = (Role.LEADER, Role.MONITOR)  # read the complaints of the agencies below theirs too
EVERYWHERE = "everywhere"


def _monitor_reach(scope: OfficerScope) -> str | set[int]:
    """EVERYWHERE for a provincial monitor, else the units a commune's monitor watches."""
    ids = scope.agencies(Role.MONITOR)
    if not ids:
        return set()
    monitors = list(Agency.objects.filter(pk__in=ids).values_list("level", "unit_id"))
    if any(level == Level.PROVINCE for level, _unit in monitors):
        return EVERYWHERE
    return {unit for _level, unit in monitors}


def _agencies_below(heads: frozenset[int]) -> frozenset[int]:
    """Every agency under `heads` in the agency tree, at any depth (one query over the agencies, a few hundred in a
    province; none for an officer who leads or watches nothing)."""
    if not heads:
        return frozenset()
    children: dict[int, list[int]] = {}
    for agency_id, parent_id in Agency.objects.filter(parent__isnull=False).values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(agency_id)
    below, waiting = set(), list(heads)
    while waiting:
        for child in children.get(waiting.pop(), ()):
            if child not in below:
                below.add(child)
                waiting.append(child)
    return frozenset(below)


# Said on the page that refuses, so the officer knows whom the complaints' pages are for.
COMPLAINTS_REFUSED = gettext_lazy(
    "Trang phản ánh, kiến nghị dành cho cán bộ Bộ phận Một cửa, chuyên viên, lãnh đạo và cán bộ giám sát."
)


def complaints_allowed(scope: OfficerScope) -> bool:
    """Whether the complaints' pages open at all: the one rule the pages' guard and the back office's menu ask
    (issue 11, item 3). An IT officer or an administrator handles and reads no complaint here."""
    return scope.is_superuser or bool(scope.agencies(*HANDLER_ROLES))


def complaints_visible(scope: OfficerScope, queryset: QuerySet[Complaint] | None = None) -> QuerySet[Complaint]:
    queryset = Complaint.objects.all() if queryset is None else queryset
    if scope.is_superuser:
        return queryset
    if not scope.is_officer:
        return queryset.none()
    reach = _monitor_reach(scope)
    if reach == EVERYWHERE:
        return queryset
    visible = Q(agency_id__in=scope.agencies(*HANDLER_ROLES) | _agencies_below(scope.agencies(*WATCHER_ROLES)))
    if reach:
        visible |= Q(agency__unit_id__in=reach) | Q(agency__unit__parent_id__in=reach)
    return queryset.filter(visible)


def complaint_can_handle(scope: OfficerScope, complaint: Complaint) -> bool:
    """Accept, refuse, forward and answer: the handling agency's own officers only."""
    return complaint.agency_id in scope.agencies(*HANDLER_ROLES)


def complaint_can_publish(scope: OfficerScope, complaint: Complaint) -> bool:
    """The handling agency, or the province's monitoring office, which answers for the portal."""
    return complaint_can_handle(scope, complaint) or _monitor_reach(scope) == EVERYWHERE
