"""Issue 12, item 1: the demo's history is written in bulk, past the outbox, so the build ends by deriving the
reporting read model from it — complete, and equal to what the events would have kept live."""

import pytest
from django.utils import timezone

from lienthong.dossiers.models import Dossier
from lienthong.national.constants import SyncState
from lienthong.reports.models import DossierFact
from lienthong.reports.rebuild import reports_rebuild
from lienthong.reports.selectors import facts_list, figures_by

pytestmark = pytest.mark.django_db


def test_every_historical_dossier_has_its_fact_and_the_check_passes(demo):
    assert DossierFact.objects.count() == Dossier.objects.filter(event_seq__gt=0).count() > 0
    assert reports_rebuild(check=True).equal


def test_the_demos_figures_hold_every_kind_of_dossier_and_equal_their_lists(demo):
    received = DossierFact.objects.exclude(received_day=None)
    days = {"start": received.earliest("received_day").received_day, "end": timezone.localdate()}
    [total] = figures_by(**days)
    for counter in ("received", "finished", "finished_on_time", "finished_late", "online", "e_result"):
        assert total[counter] > 0, counter
        assert total[counter] == len(facts_list(filters={"counter": counter, **days})), counter
    assert DossierFact.objects.filter(national_sync_state=SyncState.SYNCED).exists()
