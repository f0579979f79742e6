"""The back office's menu: one entry per door, shown only to those the door's own guard lets in (issue 11, item 3).

Each door names the predicate its pages check — `officer_required`'s rule, `desk_intake_allowed`,
`complaints_allowed`, `board_allowed`, the admin site's own `has_permission` — so the menu and the guards cannot
drift apart: a link the menu shows opens, a page the menu hides refuses (tests/backoffice walk both per role).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from lienthong.board.access import board_allowed
from lienthong.complaints.access import complaints_allowed
from lienthong.dossiers.access import desk_intake_allowed
from lienthong.notify.access import delivery_rates_allowed
from lienthong.org.access import OfficerScope, officer_scope
from lienthong.payments.access import finance_allowed
from lienthong.reports.access import dashboard_allowed
from lienthong.roadmaps.access import roadmaps_allowed


@dataclass(frozen=True)
class Door:
    """A section of the back office: where it is, what the menu calls it, and who may enter."""

    key: str
    url_name: str
    label: Promise
    allowed: Callable[[HttpRequest, OfficerScope], bool]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


DOORS = (
    Door("inbox", "backoffice:inbox", pgettext_lazy("menu", "Hộp hồ sơ"), lambda request, scope: scope.is_officer),
    Door("intake", "backoffice:intake", pgettext_lazy("menu", "Tiếp nhận"),
         lambda request, scope: desk_intake_allowed(scope)),
    Door("complaints", "complaints_backoffice:list", pgettext_lazy("menu", "Phản ánh, kiến nghị"),
         lambda request, scope: complaints_allowed(scope)),
    Door("board", "board:board", pgettext_lazy("menu", "Kết nối"), lambda request, scope: board_allowed(scope)),
    Door("roadmaps", "roadmaps:list", pgettext_lazy("menu", "Lộ trình"),
         lambda request, scope: roadmaps_allowed(scope)),
    Door("payments", "backoffice:reconciliation", pgettext_lazy("menu", "Đối chiếu thanh toán"),
         lambda request, scope: finance_allowed(scope)),
    Door("index766", "reports:overview", pgettext_lazy("menu", "Chỉ số phục vụ"),
         lambda request, scope: dashboard_allowed(scope)),
    Door("messages", "backoffice:message_rates", pgettext_lazy("menu", "Tin nhắn"),
         lambda request, scope: delivery_rates_allowed(scope)),
    # Django's admin decides for itself (active staff); the menu asks it the same question.
    Door("admin", "admin:index", pgettext_lazy("menu", "Quản trị"),
         lambda request, scope: admin.site.has_permission(request)),
)  # fmt: skip


def request_scope(request: HttpRequest) -> OfficerScope:
    """The scope `officer_required` put on the request, or read once here (an error page, the sign-in page)."""
    scope = getattr(request, "scope", None)
    if scope is None:
        scope = request.scope = officer_scope(getattr(request, "user", None))
    return scope


def doors_open(request: HttpRequest) -> list[Door]:
    """The doors this request's user may go through, in the menu's order; none for a visitor not signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    scope = request_scope(request)
    return [door for door in DOORS if door.allowed(request, scope)]


def door_current(doors: list[Door], path: str) -> str:
    """The key of the section `path` is in — the door whose URL is the longest prefix of it — if it is one of `doors`;
    "" otherwise: a page refusing the intake is not in the inbox's section, though under its URL."""
    matching = [door for door in DOORS if path.startswith(door.url)]
    current = max(matching, key=lambda door: len(door.url)) if matching else None
    return current.key if current in doors else ""
