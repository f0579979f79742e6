"""'Overdue now' on the dashboards counts the dossiers whose clock runs past their due date — not one waiting for
the applicant's supplement, whose clock stands still and whose due date moves when it starts again."""

import pytest
from django.utils import timezone

from lienthong.reports.dashboard import overdue_now_by_unit, overdue_now_list
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db


def test_a_dossier_waiting_for_a_supplement_is_not_overdue_now(walk, province):
    waiting = walk.receive(at(2, 8))
    walk.supplement(waiting, at(2, 10))  # asked in time; the applicant has not answered since
    late = walk.receive(at(2, 9))  # nobody touched it: its clock ran out in March
    committee = province["committee"].pk

    assert overdue_now_by_unit(now=timezone.now()) == {committee: 1}
    assert list(overdue_now_list(unit_id=committee, now=timezone.now()).values_list("dossier_id", flat=True)) == [
        late.pk
    ]
