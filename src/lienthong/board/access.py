"""Who may see the board: the province's monitoring office and leaders, administrators (issue 5, item 5).

`board_allowed` is the one rule: the board's pages, its API for officers and the back office's menu all ask it, so
the menu never offers a door the page would shut (issue 11, item 3)."""

from django.utils.translation import gettext_lazy as _

from lienthong.org.access import OfficerScope
from lienthong.org.constants import Role

# Said on the page that refuses, so the officer knows whom it is for and what to do.
BOARD_REFUSED = _(
    "Bảng theo dõi kết nối dành cho văn phòng giám sát và lãnh đạo các cơ quan cấp tỉnh, và quản trị hệ thống."
)


def board_allowed(scope: OfficerScope) -> bool:
    """A superuser, an administrator, or a monitor or leader of a province-level agency (no query: the scope
    carries which of its agencies are province-level)."""
    if scope.is_superuser or scope.agencies(Role.ADMINISTRATOR):
        return True
    return bool(scope.agencies(Role.MONITOR, Role.LEADER) & scope.provincial)
