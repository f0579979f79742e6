"""An officer's scope — the agencies they hold each role in — and the decorator every officers' page starts with.

Which dossiers or complaints a scope reaches is each domain's own question (`dossiers.access`,
`complaints.access`); this module only reads the roles, so any app may use it without importing another's face.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from lienthong.org.constants import Level
from lienthong.org.models import OfficerRole


@dataclass(frozen=True)
class OfficerScope:
    """The agencies an officer holds each role in (one query, read once per request), and which of them are
    province-level — what the province-wide doors (the connection board) ask, so the menu costs no query."""

    user_id: int | None
    is_superuser: bool = False
    roles: dict[str, frozenset[int]] = field(default_factory=dict)
    provincial: frozenset[int] = frozenset()

    def agencies(self, *roles: str) -> frozenset[int]:
        return frozenset().union(*(self.roles.get(role, frozenset()) for role in roles))

    def holds(self, agency_id: int, *roles: str) -> bool:
        return self.is_superuser or agency_id in self.agencies(*roles)

    @property
    def is_officer(self) -> bool:
        return self.is_superuser or any(self.roles.values())


def officer_scope(user) -> OfficerScope:
    if user is None or not user.is_authenticated:
        return OfficerScope(user_id=None)
    held: dict[str, set[int]] = {}
    provincial: set[int] = set()
    grants = OfficerRole.objects.filter(user=user, is_active=True).values_list("agency_id", "role", "agency__level")
    for agency_id, role, level in grants:
        held.setdefault(role, set()).add(agency_id)
        if level == Level.PROVINCE:
            provincial.add(agency_id)
    return OfficerScope(
        user_id=user.pk, is_superuser=user.is_superuser, roles={r: frozenset(ids) for r, ids in held.items()},
        provincial=frozenset(provincial),
    )  # fmt: skip


def officer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and holding at least one role (or a superuser); `request.scope` is their scope."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.scope = officer_scope(request.user)
        if not request.scope.is_officer:
            raise PermissionDenied(_("Tài khoản này chưa được giao vai trò cán bộ tại cơ quan nào."))
        return view(request, *args, **kwargs)

    return wrapped
