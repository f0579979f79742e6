"""What every back-office view needs: a signed-in officer's scope, and errors shown as messages, never a 500."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from lienthong.dossiers.access import officer_scope
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.selectors import dossier_for_page


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


def visible_dossier(request: HttpRequest, dossier_id: int) -> Dossier:
    """The dossier with its page's data, or 404 — the same answer whether it does not exist or is not yours, so
    that codes and ids of other agencies cannot be probed."""
    dossier = dossier_for_page(scope=request.scope, dossier_id=dossier_id)
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ trong phạm vi của bạn."))
    return dossier
