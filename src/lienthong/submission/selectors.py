"""Reads for online submission: where a procedure may be submitted, a citizen's drafts, and what a supplement asks."""

from django.db.models import QuerySet

from lienthong.catalogue.constants import OnlineLevel
from lienthong.catalogue.models import ProcedureVersion
from lienthong.core.text import fold
from lienthong.dossiers.models import Dossier
from lienthong.org.constants import AgencyKind, Role
from lienthong.org.models import Agency, OfficerRole
from lienthong.submission.models import Draft

OPEN_DRAFTS_LIMIT = 20  # a person's applications in progress; more is a script, not a citizen


def version_offered_online(*, national_code: str) -> ProcedureVersion | None:
    """The version in force of a procedure the province offers online, with its documents for the form."""
    return (
        ProcedureVersion.objects.filter(is_current=True, procedure__national_code=national_code)
        .exclude(online_level=OnlineLevel.OFFLINE)
        .select_related("procedure")
        .first()
    )


def desks_for(version: ProcedureVersion) -> QuerySet[Agency]:
    """The one-stop desks where this procedure may be submitted: the agency its process's receipt step names, or
    every staffed agency of the step's kind at its level — the commune's service centre, the commune police for
    residence, the provincial centre for a department's procedure. A process without steps falls back to the
    service centres at the levels of its competent authorities."""
    staffed = Agency.objects.filter(
        is_active=True,
        pk__in=OfficerRole.objects.filter(role=Role.RECEIVER, is_active=True, user__is_active=True).values("agency"),
    ).order_by("name")
    receipt = version.steps.order_by("position").first()
    if receipt is None:
        levels = version.authorities.values("level")
        return staffed.filter(kind=AgencyKind.SERVICE_CENTRE, level__in=levels)
    if receipt.agency_id is not None:
        return staffed.filter(pk=receipt.agency_id)
    return staffed.filter(kind=receipt.agency_kind, level=receipt.level)


def drafts_open(*, user) -> QuerySet[Draft]:
    return Draft.objects.filter(user=user, submitted_at__isnull=True).select_related("version__procedure")


def draft_of(*, user, draft_id: int) -> Draft | None:
    """The user's own open draft, with what its pages show; None for anyone else's (the page answers 404)."""
    return drafts_open(user=user).select_related("agency").prefetch_related("files").filter(pk=draft_id).first()


def draft_submitted_code(*, user, draft_id: int) -> str | None:
    """The code of the dossier the user's draft became, if it was submitted (a second click, the back button)."""
    return (
        Draft.objects.filter(user=user, pk=draft_id, submitted_at__isnull=False)
        .values_list("dossier__code", flat=True)
        .first()
    )


def desk_for_address(desks: QuerySet[Agency], address: str) -> Agency | None:
    """The desk whose administrative unit the address names (commune → its service centre), if exactly one does:
    "Số 5, phường Trấn Biên, tỉnh Đồng Nai" names Phường Trấn Biên. Where several do, the longest name wins (a
    "Phường Tân Phong" inside "… Tân Phong Đông …" does not); none, or a tie, leaves the choice to the citizen."""
    folded = f" {' '.join(fold(address).replace(',', ' ').split())} "
    if not folded.strip():
        return None
    matches: dict[int, tuple[int, Agency]] = {}
    for desk in desks.select_related("unit"):
        name = " ".join(fold(desk.unit.name).split())
        if f" {name} " in folded:
            matches[desk.pk] = (len(name), desk)
    if not matches:
        return None
    ranked = sorted(matches.values(), key=lambda match: -match[0])
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1]


def last_applicant_details(*, user) -> dict[str, str]:
    """The phone and e-mail the citizen gave in their last online application: offered again in the next one."""
    last = (
        Dossier.objects.filter(citizen=user)
        .order_by("-submitted_at", "-id")
        .values("applicant_phone", "applicant_email")
        .first()
    )
    return {"applicant_phone": last["applicant_phone"], "applicant_email": last["applicant_email"]} if last else {}
