"""Checks every transition makes before it changes anything."""

import functools
from collections.abc import Collection, Iterable

from django.db import connection
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


def require_role(
    officer, agency: Agency, roles: Iterable[str], *, held: Collection[tuple[int, str]] | None = None
) -> None:
    """The officer holds one of `roles` in `agency` (superusers act everywhere, for administration).

    `held`: the officer's active grants as (agency id, role), when the caller checks many dossiers at once and has
    read them once (`officer_grants`); otherwise the grant is looked up."""
    if officer is not None and officer.is_superuser:
        return
    roles = sorted(set(roles))
    if officer is None or not (
        _holds(officer.pk, agency.pk, roles) if held is None else any((agency.pk, role) in held for role in roles)
    ):
        raise DossierError(
            DossierError.NOT_PERMITTED,
            _("Cán bộ không có quyền thực hiện thao tác này tại %(agency)s.") % {"agency": agency.name},
        )


@functools.cache
def _holds_sql(role_count: int) -> str:
    """One statement per number of roles, composed once from the model's names: every transition checks a role, and
    building this query through the ORM cost ten times what running it does (bench/receive_queries.py)."""
    meta = OfficerRole._meta
    column = {
        name: connection.ops.quote_name(meta.get_field(name).column) for name in ("user", "agency", "role", "is_active")
    }
    roles = ", ".join(["%s"] * role_count)
    # Names come from the model's _meta, quoted; every value is a parameter.
    table = connection.ops.quote_name(meta.db_table)
    where = " AND ".join(
        [
            f"{column['user']} = %s",
            f"{column['agency']} = %s",
            f"{column['role']} IN ({roles})",
            f"{column['is_active']} = %s",
        ]
    )
    return f"SELECT 1 FROM {table} WHERE {where} LIMIT 1"  # noqa: S608


def officer_grants(officer) -> frozenset[tuple[int, str]]:
    """Every active grant of `officer`, as (agency id, role): `require_role(held=...)` for a batch of dossiers."""
    if officer is None:
        return frozenset()
    return frozenset(OfficerRole.objects.filter(user=officer, is_active=True).values_list("agency_id", "role"))


def _holds(user_id: int, agency_id: int, roles: list[str]) -> bool:
    if not roles:
        return False
    with connection.cursor() as cursor:
        cursor.execute(_holds_sql(len(roles)), [user_id, agency_id, *roles, True])
        return cursor.fetchone() is not None


def require_dossier_role(officer, dossier: Dossier, *, desk_roles: Iterable[str], step_roles: Iterable[str],
                         held: Collection[tuple[int, str]] | None = None,
                         step_agencies: Collection[int] | None = None) -> None:  # fmt: skip
    """The officer holds a `desk_roles` role at the receiving agency or a `step_roles` role at an agency doing one
    of the dossier's active steps (consultations give an opinion, not a say over the dossier). A batch passes the
    officer's grants (`officer_grants`) and the agencies of the dossier's active steps, read once: no query."""
    if officer is not None and officer.is_superuser:
        return
    if held is not None and step_agencies is not None:
        desk, steps = list(desk_roles), list(step_roles)
        if any((dossier.agency_id, role) in held for role in desk) or any(
            (agency, role) in held for agency in step_agencies for role in steps
        ):
            return
        allowed = False
    else:
        active = dossier_active_steps(dossier_id=dossier.pk, kind=StepKind.STEP)
        grants = Q(agency_id=dossier.agency_id, role__in=list(desk_roles)) | Q(
            agency_id__in=active.values("agency_id"), role__in=list(step_roles)
        )
        allowed = OfficerRole.objects.filter(grants, user=officer, is_active=True).exists()
    if not allowed:
        raise DossierError(
            DossierError.NOT_PERMITTED,
            _("Cán bộ không có quyền thực hiện thao tác này đối với hồ sơ %(dossier)s.") % {"dossier": dossier},
        )
