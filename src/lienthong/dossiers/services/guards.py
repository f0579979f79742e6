"""Checks every transition makes before it changes anything."""

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from lienthong.dossiers.constants import StepKind
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.selectors import dossier_active_steps
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


def require_dossier_role(officer, dossier: Dossier, *, desk_roles: Iterable[str], step_roles: Iterable[str]) -> None:
    """The officer holds a `desk_roles` role at the receiving agency or a `step_roles` role at an agency doing one
    of the dossier's active steps (consultations give an opinion, not a say over the dossier)."""
    if officer is not None and officer.is_superuser:
        return
    active = dossier_active_steps(dossier_id=dossier.pk, kind=StepKind.STEP)
    grants = Q(agency_id=dossier.agency_id, role__in=list(desk_roles)) | Q(
        agency_id__in=active.values("agency_id"), role__in=list(step_roles)
    )
    if not OfficerRole.objects.filter(grants, user=officer, is_active=True).exists():
        raise DossierError(
            DossierError.NOT_PERMITTED,
            _("Cán bộ không có quyền thực hiện thao tác này đối với hồ sơ %(dossier)s.") % {"dossier": dossier},
        )
