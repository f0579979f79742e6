"""Who sees which roadmap: the monitoring office (those the connection board admits) sees and plans for every unit;
a unit's head, leaders and IT officers see and keep their own unit's items."""

from lienthong.board.access import board_allowed
from lienthong.org.access import OfficerScope
from lienthong.org.constants import Role

UNIT_ROLES = (Role.LEADER, Role.IT_OFFICER, Role.MONITOR)


def roadmaps_all(scope: OfficerScope) -> bool:
    return board_allowed(scope)


def roadmaps_own(scope: OfficerScope) -> frozenset[int]:
    return scope.agencies(*UNIT_ROLES)


def roadmaps_allowed(scope: OfficerScope) -> bool:
    return roadmaps_all(scope) or bool(roadmaps_own(scope))


def item_editable(scope: OfficerScope, agency_id: int) -> bool:
    return roadmaps_all(scope) or agency_id in roadmaps_own(scope)
