"""Which agency does a step of the process run at, for this dossier?

A step names its agency, or only a kind of agency at a level ("the commune's people's committee"). Since Decree
118/2025 a dossier is received regardless of administrative boundary within the province, so it is the receiving
agency's administrative unit, not the applicant's address, that decides whose committee or department it is.
"""

from django.utils.translation import gettext as _

from lienthong.catalogue.models import ProcessStep
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services.errors import DossierError
from lienthong.org.models import AdministrativeUnit, Agency

# Units nest province → [district →] commune; more levels than this means a cycle in the data.
MAX_UNIT_DEPTH = 8


def step_agency(*, step: ProcessStep, dossier: Dossier) -> Agency:
    """The agency `step` runs at for `dossier`: its own agency, or the one of its kind in the dossier's territory."""
    if step.agency_id is not None:
        return step.agency
    unit = _territory_at_level(dossier.agency.unit, level=step.level)
    if unit is None:
        raise _unknown(step, dossier, _("đơn vị tiếp nhận không thuộc đơn vị hành chính cấp này"))
    candidates = list(
        Agency.objects.filter(unit=unit, kind=step.agency_kind, level=step.level, is_active=True).order_by("pk")
    )
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise _unknown(step, dossier, _("không có cơ quan loại này tại %(unit)s") % {"unit": unit.name})
    # Several of the kind (e.g. two service centres): the receiving agency or the body it belongs to wins.
    for agency in _self_and_parents(dossier.agency):
        if agency in candidates:
            return agency
    raise _unknown(
        step, dossier, _("có nhiều cơ quan loại này tại %(unit)s") % {"unit": unit.name},
        candidates=[agency.identifier_code for agency in candidates],
    )  # fmt: skip


def _territory_at_level(unit: AdministrativeUnit, *, level: str) -> AdministrativeUnit | None:
    """`unit` or the unit above it at `level` (walking `parent`); None when `level` is below `unit`."""
    for _depth in range(MAX_UNIT_DEPTH):
        if unit is None or unit.level == level:
            return unit
        unit = unit.parent
    return None


def _self_and_parents(agency: Agency):
    for _depth in range(MAX_UNIT_DEPTH):
        if agency is None:
            return
        yield agency
        agency = agency.parent


def _unknown(step: ProcessStep, dossier: Dossier, why: str, **details) -> DossierError:
    return DossierError(
        DossierError.UNKNOWN_AGENCY,
        _("Không xác định được cơ quan thực hiện bước “%(step)s” của hồ sơ %(code)s: %(why)s.")
        % {"step": step.name, "code": dossier.code, "why": why},
        step=step.pk, level=step.level, agency_kind=step.agency_kind, **details,
    )  # fmt: skip
