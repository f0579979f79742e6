"""Issue 18: the inbox sorts by the earliest active step's due instant kept on the dossier (`next_due_at`) instead
of a subquery per row. Every service that changes steps keeps it equal to what the steps say, the migration fills it
for dossiers already there, and the inbox orders by it."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from lienthong.dossiers import services
from lienthong.dossiers.constants import StepKind, StepState
from lienthong.dossiers.models import Dossier, StepInstance
from lienthong.dossiers.selectors import Box
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import as_officer

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("lienthong.dossiers.migrations.0007_next_due_and_list_indexes")


def _steps_say(dossier: Dossier):
    """The earliest due instant of the dossier's active steps (consultations aside), read from the steps."""
    dues = StepInstance.objects.filter(dossier=dossier, state=StepState.ACTIVE, kind=StepKind.STEP)
    return min(dues.values_list("due_at", flat=True), default=None)


def _kept(dossier: Dossier):
    return Dossier.objects.values_list("next_due_at", flat=True).get(pk=dossier.pk)


def test_every_step_service_keeps_the_next_deadline(province, officers, procedure):
    dossier = given.receive(province, officers, procedure)
    seen = [("received", _kept(dossier), _steps_say(dossier))]
    given.forward_from_desk(officers, dossier)
    seen.append(("forwarded", _kept(dossier), _steps_say(dossier)))
    given.complete(officers, dossier, "specialist@committee", "Xác nhận")
    seen.append(("at the department's two steps", _kept(dossier), _steps_say(dossier)))
    services.dossier_consult(officer=officers["specialist@department"], dossier=dossier,
                             step_instance=given.active(dossier, "Thẩm định"), agencies=[province["committee"]],
                             question="Ý kiến?")  # fmt: skip
    seen.append(("consulted", _kept(dossier), _steps_say(dossier)))
    before_stop = _kept(dossier)
    services.dossier_request_financial_obligation(officer=officers["specialist@department"], dossier=dossier,
                                                  items=[{"name": "Lệ phí", "amount": 1000}])  # fmt: skip
    services.dossier_financial_obligation_met(officer=officers["specialist@department"], dossier=dossier,
                                              receipt_reference="BL-1")  # fmt: skip
    seen.append(("clock resumed", _kept(dossier), _steps_say(dossier)))
    pushed_back = _kept(dossier)
    given.complete(officers, dossier, "specialist@department", "Thẩm định")
    seen.append(("one of two steps done", _kept(dossier), _steps_say(dossier)))
    given.complete(officers, dossier, "specialist@department", "Xác định nghĩa vụ tài chính")
    seen.append(("at approval", _kept(dossier), _steps_say(dossier)))
    given.complete(officers, dossier, "leader@department", "Phê duyệt", approve=True)
    seen.append(("result ready", _kept(dossier), _steps_say(dossier)))
    services.dossier_return(officer=officers[given.DESK], dossier=dossier, delivery="at_desk")
    seen.append(("returned", _kept(dossier), _steps_say(dossier)))

    # then at every stage the dossier holds what its steps say
    assert [(stage, kept) for stage, kept, _ in seen] == [(stage, says) for stage, _, says in seen]
    # and that is a deadline whenever a step is at work, and nothing before the first or after the last
    assert [kept is None for _, kept, _ in seen] == [True] + [False] * 7 + [True]
    # and the time the clock stood still pushed it back, as it did the steps
    assert pushed_back >= before_stop


def test_the_migration_fills_it_for_dossiers_already_there(province, officers, procedure):
    dossiers = [given.at_department(province, officers, procedure), given.forwarded(province, officers, procedure),
                given.receive(province, officers, procedure)]  # fmt: skip
    expected = [_kept(dossier) for dossier in dossiers]
    Dossier.objects.update(next_due_at=None)

    MIGRATION.next_due_fill(apps, None)  # reads models only, not the schema editor

    assert [_kept(dossier) for dossier in dossiers] == expected == [_steps_say(dossier) for dossier in dossiers]
    assert expected[0] is not None and expected[1] is not None and expected[2] is None


def test_the_monitors_inbox_puts_the_earliest_step_deadline_first(province, officers, procedure):
    later = given.forwarded(province, officers, procedure)
    sooner = given.forwarded(province, officers, procedure)
    # given the second dossier's step falls due a day before the first's
    step = given.active(sooner, "Xác nhận")
    StepInstance.objects.filter(pk=step.pk).update(due_at=given.active(later, "Xác nhận").due_at.replace(year=2020))
    services.dossier_assign(
        officer=officers["leader@committee"],
        dossier=sooner,
        step_instance=step,
        assignee=officers["specialist@committee"],
    )  # fmt: skip (an event: the row follows)

    page = as_officer(officers["monitor@centre"]).get(reverse("backoffice:inbox"), {"box": Box.MONITOR})

    content = page.content.decode()
    assert content.index(sooner.code) < content.index(later.code)
    monitor = as_officer(officers["monitor@centre"])
    late = monitor.get(reverse("backoffice:inbox"), {"box": Box.MONITOR, "urgency": "late"}).content.decode()
    assert sooner.code in late and later.code not in late
