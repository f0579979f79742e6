"""Officers: their accounts, their roles in agencies and the admin permissions of those who keep the master data.
Kept apart because it writes Django's auth models, which the rest of the org app never touches."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from lienthong.org.constants import Role
from lienthong.org.models import Agency, OfficerRole
from lienthong.org.services.results import UpsertResult


@dataclass(frozen=True)
class OfficerRow:
    username: str
    full_name: str
    email: str = ""
    is_staff: bool = False
    is_superuser: bool = False


@transaction.atomic
def officers_load(*, rows: Iterable[OfficerRow], password_hash: str) -> UpsertResult:
    """Create the officers' accounts that do not exist yet with an already hashed password (hashing once for a
    batch keeps a load of many accounts fast); existing accounts, and their passwords, are left alone."""
    user_model = get_user_model()
    rows = list(rows)
    existing = {u.username: u for u in user_model.objects.filter(username__in=[r.username for r in rows])}
    to_create = [
        user_model(
            username=row.username,
            first_name=row.full_name,
            email=row.email,
            is_staff=row.is_staff or row.is_superuser,
            is_superuser=row.is_superuser,
            password=password_hash,
        )
        for row in rows
        if row.username not in existing
    ]
    user_model.objects.bulk_create(to_create)
    existing.update({u.username: u for u in user_model.objects.filter(username__in=[u.username for u in to_create])})
    return UpsertResult(created=len(to_create), objects=existing)


@transaction.atomic
def officer_roles_grant(*, grants: Iterable[tuple[object, Agency, str]]) -> int:
    """Give officers roles in agencies (one row per user, agency and role); returns how many were new."""
    wanted = {(user.pk, agency.pk, Role(role).value) for user, agency, role in grants}
    if not wanted:
        return 0
    present = set(
        OfficerRole.objects.filter(user_id__in={u for u, _a, _r in wanted}).values_list("user_id", "agency_id", "role")
    )
    missing = sorted(wanted - present)
    OfficerRole.objects.bulk_create(
        [OfficerRole(user_id=u, agency_id=a, role=r) for u, a, r in missing], ignore_conflicts=True
    )
    return len(missing)


def officer_role_grant(*, user, agency: Agency, role: str) -> bool:
    """Give one officer one role in one agency; True if it is new."""
    return officer_roles_grant(grants=[(user, agency, role)]) == 1


@transaction.atomic
def officer_admin_permissions_grant(*, user, app_labels: Iterable[str]) -> int:
    """Let an administrator edit the master data of these apps in the admin (units, agencies, heads, procedures,
    holidays, rules) without being a superuser; returns how many permissions were new."""
    wanted = set(Permission.objects.filter(content_type__app_label__in=list(app_labels)).values_list("pk", flat=True))
    missing = wanted - set(user.user_permissions.values_list("pk", flat=True))
    if missing:
        user.user_permissions.add(*sorted(missing))
    return len(missing)
