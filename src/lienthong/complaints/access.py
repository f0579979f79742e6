"""Who sees and handles which complaints (an officer's `OfficerScope`, read for PAKN):

- the handling agency's desk, specialists, leaders and monitors (its TTHC control staff) read and handle it;
- a provincial monitor (the province's monitoring office) reads every complaint and publishes answers;
- a commune's monitor reads those handled in its commune;
- superusers read everything, for administration, and handle nothing from the back office.
"""

from django.db.models import Q, QuerySet

from lienthong.complaints.models import Complaint
from lienthong.org.access import OfficerScope
from lienthong.org.constants import Level, Role
from lienthong.org.models import Agency

HANDLER_ROLES = (Role.RECEIVER, Role.SPECIALIST, Role.LEADER, Role.MONITOR)
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


def complaints_visible(scope: OfficerScope, queryset: QuerySet[Complaint] | None = None) -> QuerySet[Complaint]:
    queryset = Complaint.objects.all() if queryset is None else queryset
    if scope.is_superuser:
        return queryset
    if not scope.is_officer:
        return queryset.none()
    reach = _monitor_reach(scope)
    if reach == EVERYWHERE:
        return queryset
    visible = Q(agency_id__in=scope.agencies(*HANDLER_ROLES))
    if reach:
        visible |= Q(agency__unit_id__in=reach) | Q(agency__unit__parent_id__in=reach)
    return queryset.filter(visible)


def complaint_can_handle(scope: OfficerScope, complaint: Complaint) -> bool:
    """Accept, refuse, forward and answer: the handling agency's own officers only."""
    return complaint.agency_id in scope.agencies(*HANDLER_ROLES)


def complaint_can_publish(scope: OfficerScope, complaint: Complaint) -> bool:
    """The handling agency, or the province's monitoring office, which answers for the portal."""
    return complaint_can_handle(scope, complaint) or _monitor_reach(scope) == EVERYWHERE
