"""The demo province carries three dozen complaints written through the services — open, refused, answered (a few
late) and published — and a second build writes none."""

import pytest

from lienthong.complaints.constants import Status
from lienthong.complaints.models import Complaint, ComplaintEvent
from lienthong.demo.complaints import complaints_load
from tests.demo.conftest import built


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with built(django_db_blocker, history=0) as report:
        yield report


@pytest.mark.django_db
def test_the_demo_has_complaints_at_every_stage(demo):
    statuses = set(Complaint.objects.values_list("status", flat=True))

    assert demo.complaints_written == Complaint.objects.count() == 36
    assert statuses == set(Status.values)
    assert Complaint.objects.filter(published=True).count() >= 10
    late = [c for c in Complaint.objects.exclude(answered_at=None) if not c.on_time]
    assert late, "a few answers are late, so the 766 share is not a flat 100%"
    assert ComplaintEvent.objects.filter(kind="submitted").count() == 36
    assert complaints_load() == 0
