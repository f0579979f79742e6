"""Reads of the org app."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import OuterRef, Q, QuerySet, Subquery

from lienthong.org.constants import ASSIGNABLE_ROLES, AgencyKind, Level
from lienthong.org.models import AdministrativeUnit, Agency, HeadAssignment, OfficerRole


def _heads_in_office(on: dt.date) -> QuerySet[HeadAssignment]:
    """Terms covering `on`, the most recently started first (an acting head appointed mid-term comes first)."""
    return (
        HeadAssignment.objects.filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-starts_on", "-id")
    )


def agency_head_on(*, agency: Agency, on: dt.date) -> HeadAssignment | None:
    """Who headed `agency` on date `on` (the latest term started by then and not yet ended); None if vacant."""
    return _heads_in_office(on).filter(agency=agency).first()


def agency_head_addresses(*, agency_id: int, agency_email: str, on: dt.date) -> list[str]:
    """Where a letter to an agency's head goes on `on` (the board's escalations, the roadmaps' overdue items): the
    agency's own address and its head's — the latest term in office held by an officer with an account — each once."""
    addresses = [agency_email] if agency_email else []
    head = _heads_in_office(on).filter(agency_id=agency_id, user__isnull=False).values_list("user__email", flat=True)
    if (email := head.first()) and email not in addresses:
        addresses.append(email)
    return addresses


def agency_list_with_head_on(*, on: dt.date, queryset: QuerySet[Agency] | None = None) -> QuerySet[Agency]:
    """Agencies annotated with `head_name_on` and `head_title_on` for date `on`, in one query for any page size."""
    heads = _heads_in_office(on).filter(agency=OuterRef("pk"))
    return (queryset if queryset is not None else Agency.objects.all()).annotate(
        head_name_on=Subquery(heads.values("full_name")[:1]),
        head_title_on=Subquery(heads.values("title")[:1]),
    )


def unit_list_in_force(*, on: dt.date, parent: AdministrativeUnit | None = None) -> QuerySet[AdministrativeUnit]:
    """Units that existed on `on`, optionally the children of `parent`."""
    qs = AdministrativeUnit.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs.order_by("code")


def unit_current_successors(*, unit: AdministrativeUnit, on: dt.date) -> list[AdministrativeUnit]:
    """Follow successor links from a dissolved unit to the units in force on `on` (a unit may split)."""
    found: dict[int, AdministrativeUnit] = {}
    frontier, seen = [unit], {unit.pk}
    while frontier:
        current = frontier.pop()
        if current.valid_from <= on and (current.valid_to is None or current.valid_to > on):
            found[current.pk] = current
            continue
        for successor in current.successors.all():
            if successor.pk not in seen:
                seen.add(successor.pk)
                frontier.append(successor)
    return sorted(found.values(), key=lambda u: u.code)


def officer_roles_of(*, user_id: int) -> QuerySet[OfficerRole]:
    return OfficerRole.objects.filter(user_id=user_id, is_active=True).select_related("agency")


def assignable_officers(*, agency_ids) -> list[tuple[int, str]]:
    """(user id, name) of everyone a step at one of `agency_ids` may be assigned to, by name.

    Only people: an account that cannot sign in (a connected system's, whose roles let it act through the API) is
    never offered, as Django marks such an account with a password starting with "!" (`set_unusable_password`)."""
    roles = OfficerRole.objects.filter(agency_id__in=agency_ids, role__in=ASSIGNABLE_ROLES, is_active=True)
    users = (
        get_user_model()
        .objects.filter(pk__in=roles.values("user_id"), is_active=True)
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .order_by("last_name", "username")
    )
    return [(user.pk, user.get_full_name() or user.get_username()) for user in users]


def province_in_force(*, code: str) -> AdministrativeUnit | None:
    """The province with this GSO code as it stands now (codes were reused in the 2025 reform: the latest wins)."""
    return AdministrativeUnit.objects.filter(level=Level.PROVINCE, code=code).order_by("-valid_from").first()


def provincial_service_centre(*, province: AdministrativeUnit) -> Agency | None:
    """The province's Public Administration Service Centre: the one-stop desk a citizen calls or writes to first."""
    return (
        Agency.objects.filter(kind=AgencyKind.SERVICE_CENTRE, level=Level.PROVINCE, unit=province, is_active=True)
        .order_by("pk")
        .first()
    )
