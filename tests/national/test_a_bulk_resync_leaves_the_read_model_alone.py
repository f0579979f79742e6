"""The read model follows a dossier's national sync row only when what its fact reads of it changes (issue 12 item 6):
a bulk resync of dossiers the portal already holds as received costs the read model nothing, and a first sync
refreshes each fact once more than its receipt did, not once per save of the row."""

import collections

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.national.constants import SyncState
from lienthong.national.services import national_resync_many
from lienthong.reports import figure_store
from lienthong.reports import services as reports_services
from lienthong.reports.models import DossierFact

pytestmark = pytest.mark.django_db
FACT_TABLE = DossierFact._meta.db_table


def fact_statements(queries) -> int:
    """The statements of the facts' refreshes — not the counts of the periods' figures that the refreshes ask the
    worker for (`reports.figure_store`), which the immediate task backend of these tests runs in the same process."""
    return sum(1 for query in queries if FACT_TABLE in query["sql"] and "COUNT(" not in query["sql"])


def test_a_bulk_resync_of_synced_dossiers_does_not_touch_the_facts(portal, receive, django_capture_on_commit_callbacks):
    dossiers = [receive() for _ in range(3)]
    assert set(DossierFact.objects.values_list("national_sync_state", flat=True)) == {SyncState.SYNCED}

    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        states = national_resync_many()

    assert states == {SyncState.SYNCED: 3}
    # each row was saved twice (marked pending, then sent): before, each save refreshed the fact — 6 refreshes
    assert fact_statements(queries.captured_queries) == 0
    synced = DossierFact.objects.filter(pk__in=[d.pk for d in dossiers], national_sync_state=SyncState.SYNCED)
    assert synced.count() == 3


def test_a_first_sync_refreshes_the_fact_per_change_not_per_save(
    portal, receive, django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.LIENTHONG_NATIONAL_TIMEOUT = 10  # a loaded machine must not turn a send into a retry here
    # the periods' counts the refreshes ask for are the worker's (this file's immediate backend would run them here):
    # left out, the refreshes alone are counted
    monkeypatch.setattr(figure_store, "refresh_soon", lambda *args, **kwargs: None)
    refreshed = collections.Counter()
    refresh = reports_services.fact_refresh

    def counted(*, dossier_id):
        refreshed[dossier_id] += 1
        return refresh(dossier_id=dossier_id)

    monkeypatch.setattr(reports_services, "fact_refresh", counted)
    with CaptureQueriesContext(connection) as queries:
        dossiers = [receive() for _ in range(3)]

    # the fact is refreshed for its receipt event, the sync row created (pending) and sent (synced) — not for the
    # claim or the attempts, which save the row too. Which refresh sees the new state first depends on the order
    # the commit's callbacks run in, so the statements are bounded, not pinned: at most three per refresh
    # (placeholder insert, row lock, update)
    assert refreshed == {dossier.pk: 3 for dossier in dossiers}
    assert fact_statements(queries.captured_queries) <= 3 * 3 * 3
    synced = DossierFact.objects.filter(pk__in=[d.pk for d in dossiers], national_sync_state=SyncState.SYNCED)
    assert synced.count() == 3
