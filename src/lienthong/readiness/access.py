"""Who sees the readiness view: the monitoring office (those the connection board admits); who enters a commune's
survey: the commune's leaders, IT officers and monitors, or the monitoring office."""

from lienthong.board.access import board_allowed
from lienthong.org.access import OfficerScope
from lienthong.org.constants import Role


def readiness_all(scope: OfficerScope) -> bool:
    return board_allowed(scope)


def readiness_entry(scope: OfficerScope, agency_id: int) -> bool:
    return readiness_all(scope) or agency_id in scope.agencies(Role.LEADER, Role.IT_OFFICER, Role.MONITOR)
