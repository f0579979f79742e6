"""Checks every transition makes before it changes anything."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services.errors import DossierError
from lienthong.org.models import Agency, OfficerRole


def dossier_lock(dossier: Dossier) -> Dossier:
    """The dossier re-read under a row lock, so two officers acting at once are applied one after the other."""
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def require_status(dossier: Dossier, allowed: Iterable[str], *, action: str) -> None:
    if dossier.status not in set(allowed):
        raise DossierError.not_allowed(dossier.get_status_display(), action)


def require_role(officer, agency: Agency, roles: Iterable[str]) -> None:
    """The officer holds one of `roles` in `agency` (superusers act everywhere, for administration)."""
    if officer is not None and officer.is_superuser:
        return
    held = OfficerRole.objects.filter(user=officer, agency=agency, role__in=list(roles), is_active=True).exists()
    if not held:
        raise DossierError(
            DossierError.NOT_PERMITTED,
            _("Cán bộ không có quyền thực hiện thao tác này tại %(agency)s.") % {"agency": agency.name},
        )
