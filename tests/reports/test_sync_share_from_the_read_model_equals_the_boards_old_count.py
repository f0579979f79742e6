"""Issue 12 item 6: the board's sync share (Decision 766 metric 1.4) is counted from the read model. Over random
lifecycles and random histories of the national sync row — saved through the model, so the fact follows through
its `post_save` — the facts' count equals the old count over the dossier table joined to the sync rows, for every
agency and period; and each share carries the engine's 1.4 rate and points."""

from decimal import Decimal

import pytest
from django.db.models import Count, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Dossier
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from lienthong.reports.rebuild import reports_rebuild
from lienthong.reports.sync_share import sync_share_by_agency
from tests.reports.conftest import at
from tests.reports.test_rebuild_equals_live import ACTIONS, DOSSIERS, play

pytestmark = pytest.mark.django_db

SYNC_SAVE = st.tuples(
    st.sampled_from([SyncState.PENDING, SyncState.SYNCED, SyncState.FAILED]),
    st.booleans(),  # a sync has succeeded (last_synced_at set)
    st.sampled_from(["", Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.RETURNED]),
)
PERIODS = [(at(1, 0), at(1, 0, month=4)), (at(2, 9), at(3, 12)), (at(3, 0), at(1, 0, month=4))]


def board_count(*, start, end, agency_ids=None) -> list[tuple[int, int, int]]:
    """The board's count before the read model (`national.selectors.national_sync_share`, removed), kept here
    verbatim as the reference: received in [start, end), synced after receipt."""
    dossiers = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
    if agency_ids is not None:
        dossiers = dossiers.filter(agency_id__in=agency_ids)
    synced = Q(national_sync__last_synced_at__isnull=False) & ~Q(national_sync__synced_status=Status.SUBMITTED)
    rows = dossiers.order_by().values("agency_id").annotate(received=Count("id"), synced=Count("id", filter=synced))
    return [(row["agency_id"], row["received"], row["synced"]) for row in rows.order_by("agency_id")]


def read_model_count(**period) -> list[tuple[int, int, int]]:
    return [(s.agency_id, s.received, s.synced) for s in sync_share_by_agency(**period)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    starts=st.lists(st.booleans(), min_size=1, max_size=DOSSIERS),
    steps=st.lists(st.tuples(st.integers(0, DOSSIERS - 1), st.sampled_from(ACTIONS)), max_size=10),
    syncs=st.lists(st.tuples(st.integers(0, DOSSIERS - 1), SYNC_SAVE), max_size=8),
)
def test_the_read_models_sync_share_equals_the_old_count_on_every_dossier(
    walk, django_capture_on_commit_callbacks, starts, steps, syncs
):
    dossiers = play(walk, starts, steps)
    for n, (state, succeeded, status) in syncs:
        dossier = dossiers[n % len(dossiers)]
        with django_capture_on_commit_callbacks(execute=True):  # as the connector's own commits would
            sync = NationalSync.objects.filter(dossier=dossier).first() or NationalSync(dossier=dossier)
            sync.state, sync.synced_status = state, status
            sync.last_synced_at = at(20, 9) if succeeded else None
            sync.save()

    for start, end in PERIODS:
        assert read_model_count(start=start, end=end) == board_count(start=start, end=end)
        agency = walk.desk.pk
        assert read_model_count(start=start, end=end, agency_ids=[agency]) == board_count(
            start=start, end=end, agency_ids=[agency]
        )
    # and the live facts are the rebuilt ones: skipping a save that changed nothing the fact reads lost nothing
    assert reports_rebuild(check=True).equal


def test_each_share_carries_the_engines_points_for_metric_1_4(walk, django_capture_on_commit_callbacks):
    first, second, third = (walk.receive(at(2 + n, 9)) for n in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        for dossier in (first, second):
            NationalSync.objects.create(dossier=dossier, state=SyncState.SYNCED, synced_status=Status.RECEIVED,
                                        last_synced_at=at(9, 9))  # fmt: skip
        NationalSync.objects.create(dossier=third, state=SyncState.FAILED)

    [share] = sync_share_by_agency(start=at(1, 0), end=at(1, 0, month=4))

    # 2 of 3 synced: 1.4 gives 6 points × (2/3) ÷ 100 % = 4.00, rounded half up to 2 decimals
    assert (share.agency_id, share.received, share.synced) == (walk.desk.pk, 3, 2)
    assert share.share == pytest.approx(2 / 3)
    assert share.rate == Decimal(2) / Decimal(3)
    assert (share.points, share.max_points) == (Decimal("4.00"), Decimal(6))
    assert sync_share_by_agency(start=at(1, 0), end=at(1, 0, month=4), agency_ids=[walk.desk.pk + 999]) == []


def test_a_dossier_the_portal_holds_only_as_submitted_is_not_yet_counted(walk, django_capture_on_commit_callbacks):
    dossier = walk.receive(at(2, 9))
    with django_capture_on_commit_callbacks(execute=True):
        NationalSync.objects.create(dossier=dossier, state=SyncState.SYNCED, synced_status=Status.SUBMITTED,
                                    last_synced_at=at(2, 9, 5))  # fmt: skip

    [share] = sync_share_by_agency(start=at(1, 0), end=at(1, 0, month=4))

    assert (share.received, share.synced, share.share, share.points) == (1, 0, 0.0, Decimal("0.00"))


def test_a_share_counts_the_dossiers_received_in_the_period_only(walk):
    walk.receive(at(27, 9, month=2))
    walk.receive(at(2, 9))
    walk.submit(at(3, 9))  # submitted online, not received: no share of it

    [share] = sync_share_by_agency(start=at(1, 0), end=at(1, 0, month=4))

    assert (share.received, share.synced) == (1, 0)
    assert sync_share_by_agency(start=at(1, 0, month=4), end=at(1, 0, month=5)) == []


def test_the_share_costs_one_statement(walk, django_assert_num_queries):
    walk.receive(at(2, 9))
    with django_assert_num_queries(1):
        sync_share_by_agency(start=at(1, 0), end=at(1, 0, month=4))


def test_sync_saves_that_change_nothing_the_fact_reads_do_not_refresh_it(walk, django_capture_on_commit_callbacks):
    """The connector saves a row at each step (marked pending, attempts, sent again): only a change of what the fact
    reads — here the first time the portal holds the dossier as received — schedules a refresh."""
    dossier = walk.receive(at(2, 9))
    sync = NationalSync.objects.create(dossier=dossier, state=SyncState.PENDING)
    with django_capture_on_commit_callbacks() as refreshes:
        sync.attempts = 1
        sync.save()  # a failed attempt, still pending: nothing for the fact
        sync.state, sync.synced_status, sync.last_synced_at = SyncState.SYNCED, Status.RECEIVED, at(2, 9, 5)
        sync.save()  # the portal now holds it as received: the fact follows
        loaded = NationalSync.objects.get(pk=sync.pk)
        loaded.state, loaded.last_synced_at = SyncState.PENDING, at(2, 10)
        loaded.save()  # a later event waits to be sent: the portal still holds it as received
        loaded.state = SyncState.SYNCED
        loaded.save()
    assert len(refreshes) == 1
