"""Reads of citizens' accounts, and the dossiers an account may see: those it submitted online (`Dossier.citizen`)
and those whose applicant gave the contact this account proved it owns, such as dossiers received at the counter
(docs/accounts.md). Both matches are indexed: the foreign key, the phone, and the lower-cased e-mail."""

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from lienthong.accounts.constants import ContactKind
from lienthong.accounts.contacts import Contact, phone_spellings
from lienthong.accounts.models import CitizenProfile
from lienthong.dossiers.models import Dossier

MY_DOSSIERS_LIMIT = 200  # a person's lifetime of dossiers; more would be an organisation's, which logs in elsewhere


def citizen_profile_for_contact(*, contact: Contact, lock: bool = False) -> CitizenProfile | None:
    profiles = CitizenProfile.objects.select_related("user")
    if lock:
        profiles = profiles.select_for_update()
    return profiles.filter(**{contact.kind: contact.value}).first()


def citizen_profile_of(user) -> CitizenProfile | None:
    """The verified citizen behind a signed-in user, or None (anonymous, an officer, an unverified account)."""
    if not user.is_authenticated:
        return None
    profile = CitizenProfile.objects.filter(user=user, verified_at__isnull=False).first()
    return profile


def _theirs(profile: CitizenProfile) -> QuerySet[Dossier]:
    # Only the contact the code went to: an unverified one would let anyone read a stranger's dossiers. The e-mail
    # is compared lower-cased, as the expression index `dossier_applicant_email_lower` holds it.
    if profile.contact_kind == ContactKind.EMAIL:
        contact = Q(applicant_email_lower=profile.email.lower())
    else:
        contact = Q(applicant_phone__in=phone_spellings(profile.phone))
    return Dossier.objects.alias(applicant_email_lower=Lower("applicant_email")).filter(
        Q(citizen_id=profile.user_id) | contact
    )


def citizen_dossiers(*, profile: CitizenProfile) -> QuerySet[Dossier]:
    """The citizen's dossiers that have a code, latest first, with what the list shows: one query."""
    if not profile.is_verified:
        return Dossier.objects.none()
    return (
        _theirs(profile)
        .filter(code__isnull=False)
        .select_related("procedure_version", "agency")
        .only(
            "id",
            "code",
            "status",
            "due_at",
            "received_at",
            "submitted_at",
            "finished_at",
            "procedure_version__name",
            "agency__name",
        )  # fmt: skip
        .order_by("-submitted_at", "-id")[:MY_DOSSIERS_LIMIT]
    )


def citizen_dossier_code(*, profile: CitizenProfile, code: str) -> str | None:
    """`code` if that dossier is the citizen's, else None: the same None for someone else's and for no such code."""
    if not profile.is_verified:
        return None
    return _theirs(profile).filter(code=code).values_list("code", flat=True).first()
