"""Who may see the board: the province's monitoring office and leaders, administrators (issue 5, item 5)."""

from lienthong.org.access import OfficerScope
from lienthong.org.constants import Level, Role
from lienthong.org.models import Agency


def board_allowed(scope: OfficerScope) -> bool:
    """A superuser, an administrator, or a monitor or leader of a province-level agency (one query at most)."""
    if scope.is_superuser or scope.agencies(Role.ADMINISTRATOR):
        return True
    watching = scope.agencies(Role.MONITOR, Role.LEADER)
    return bool(watching) and Agency.objects.filter(pk__in=watching, level=Level.PROVINCE).exists()
