"""What the dossier pages of the back office share: a dossier opened within the officer's scope, or 404."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from lienthong.dossiers.models import Dossier
from lienthong.dossiers.selectors import dossier_for_page


def visible_dossier(request: HttpRequest, dossier_id: int) -> Dossier:
    """The dossier with its page's data, or 404 — the same answer whether it does not exist or is not yours, so
    that codes and ids of other agencies cannot be probed."""
    dossier = dossier_for_page(scope=request.scope, dossier_id=dossier_id)
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ trong phạm vi của bạn."))
    return dossier
