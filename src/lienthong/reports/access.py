"""Who sees the leaders' dashboard, and how far (issue 12, item 4: "for leaders, the monitoring office and each head
for their own unit").

The rankings themselves are what the national portal publishes for everyone, so every leader and monitor sees the
province's and the peers' scores; the dossiers behind a figure carry applicants' personal data, so the lists open
only within the officer's reach: the whole province for the monitoring office, the administrators and the leaders
of the province's own office (its people's committee and the units under it directly), a unit's own dossiers for
the leaders and monitors of that unit.

`dashboard_allowed` asks the scope only (no query), so the back office's menu shows the door to exactly those the
pages admit (issue 11, item 3).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lienthong.org.access import OfficerScope
from lienthong.org.constants import Role
from lienthong.reports.units import AgencyTree, UnitKind

DASHBOARD_REFUSED = _(
    "Bảng điều hành Chỉ số phục vụ (Quyết định 766) dành cho lãnh đạo các cơ quan, đơn vị, văn phòng giám sát và "
    "quản trị hệ thống."
)
LIST_REFUSED = _("Danh sách hồ sơ này thuộc đơn vị khác: anh/chị chỉ xem được hồ sơ của đơn vị mình.")
COMPLAINT_LIST_REFUSED = _(
    "Danh sách phản ánh, kiến nghị này thuộc đơn vị khác: anh/chị chỉ xem được phản ánh, kiến nghị của đơn vị mình."
)
IMPORT_REFUSED = _("Chỉ văn phòng giám sát của tỉnh và quản trị hệ thống nhập điểm công bố.")
WATCHERS = (Role.LEADER, Role.MONITOR)


def dashboard_allowed(scope: OfficerScope) -> bool:
    return scope.is_superuser or bool(scope.agencies(Role.ADMINISTRATOR, *WATCHERS))


@dataclass(frozen=True)
class Reach:
    """Whose dossiers an officer may list from the dashboard: every unit's, or those of `unit_ids`."""

    everything: bool
    unit_ids: frozenset[int] = frozenset()

    def covers(self, unit_id: int | None) -> bool:
        """`unit_id` None is the province as a whole."""
        return self.everything or (unit_id is not None and unit_id in self.unit_ids)


def dashboard_reach(scope: OfficerScope, tree: AgencyTree) -> Reach:
    if scope.is_superuser or scope.agencies(Role.ADMINISTRATOR) or scope.agencies(Role.MONITOR) & scope.provincial:
        return Reach(everything=True)
    units = {tree.unit_of(agency_id) for agency_id in scope.agencies(*WATCHERS)}
    province = tree.province_id()
    if province is not None and province in units:
        return Reach(everything=True)  # the province's own leaders and its office
    return Reach(everything=False, unit_ids=frozenset(units))


def own_unit(scope: OfficerScope, tree: AgencyTree) -> int | None:
    """The unit a head lands on (their first, by id), or None for those who see the province first."""
    reach = dashboard_reach(scope, tree)
    if reach.everything or not reach.unit_ids:
        return None
    units = [u for u in tree.scored_units() if u.id in reach.unit_ids and u.kind != UnitKind.PROVINCE]
    return units[0].id if units else None
