"""Where a dossier goes when the desk forwards it or a step closes — told to the officer before they act, from the
same process definition and routing the services move it by (`steps`, `routing`). Reads only."""

from dataclasses import dataclass, field

from lienthong.catalogue.constants import StepAction
from lienthong.dossiers.constants import StepKind
from lienthong.dossiers.models import Dossier, StepInstance
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.routing import step_agency
from lienthong.dossiers.services.steps import _active, _group_after, _has, _positions, _process, forward_group
from lienthong.org.models import Agency


@dataclass(frozen=True)
class NextStep:
    name: str
    agency: Agency
    role: str


@dataclass(frozen=True)
class Onward:
    """What happens next: the steps that open, or the result going to the desk to be returned, or — while steps of
    the same parallel group are still at work — nothing until they are done."""

    opens: list[NextStep] = field(default_factory=list)
    waits_for: list[StepInstance] = field(default_factory=list)
    result_to: Agency | None = None  # processing ends: the desk that returns the result
    unknown: str = ""  # the process or the routing cannot say (the action will refuse with this reason)


def _placed(dossier: Dossier, group) -> Onward:
    try:
        return Onward(opens=[NextStep(s.name, step_agency(step=s, dossier=dossier), s.role) for s in group])
    except DossierError as error:
        return Onward(unknown=error.message)


def dossier_onward_from_desk(*, dossier: Dossier) -> Onward:
    """Where forwarding a received dossier sends it (Decree 61 art. 18): the first step after receipt."""
    try:
        group = forward_group(_process(dossier))
    except DossierError as error:
        return Onward(unknown=error.message)
    return _placed(dossier, group)


def dossier_onward_after(*, dossier: Dossier, instance: StepInstance) -> Onward:
    """Where completing (or approving) `instance` sends the dossier."""
    waiting = [s for s in _active(dossier, StepKind.STEP) if s.pk != instance.pk]
    if waiting:
        return Onward(waits_for=waiting)
    steps = _process(dossier)
    group = _group_after(steps, max(_positions(steps, instance)))
    if group and not _has(group[0], StepAction.RETURN_RESULT):
        return _placed(dossier, group)
    try:
        return Onward(result_to=step_agency(step=group[0], dossier=dossier) if group else dossier.agency)
    except DossierError as error:
        return Onward(unknown=error.message)
