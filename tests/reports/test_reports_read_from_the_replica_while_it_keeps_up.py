"""The leaders' dashboards read from PostgreSQL's streaming replica (issue 17 §1; core/dbrouter.py): a real second
cluster cloned by pg_basebackup and streaming from a primary started for this module. The reports' reads go to the
replica; the sign-in's session and user, any write and anything read inside a transaction stay on the primary; a
replica that lags beyond LIENTHONG_REPLICA_MAX_LAG, or that is down — before the page or under it — leaves the
page to the primary, which answers it the same."""

import copy

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, connections, router, transaction
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from lienthong.catalogue.models import Field
from lienthong.core import dbrouter
from tests.reports.replica_cluster import PrimaryAndReplica, why_not

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a streaming replica is PostgreSQL's: not on SQLite"),
    # the replica as a mirror of `default`: the test's flush leaves it alone, the primary's replays there
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]
OVERVIEW = "/backoffice/chi-so/?ky=2026-03"
FACTS = 'FROM "reports_dossierfact"'
REPORTS = 'FROM "reports_'  # the facts, or the period's figures once they are counted and stored


@pytest.fixture(scope="module")
def clusters(django_db_setup, django_db_blocker):
    """The test database copied into a primary with a replica; Django's `default` points at that primary, and the
    `replica` alias DATABASE_REPLICA_URL would give at the standby."""
    if reason := why_not():
        pytest.skip(reason)
    default = connections["default"]
    saved = copy.deepcopy(default.settings_dict)
    pair = PrimaryAndReplica()
    try:
        pair.start(database=saved["NAME"], source=(saved["HOST"] or "127.0.0.1", int(saved["PORT"] or 5432),
                                                   saved["NAME"]))  # fmt: skip
    except BaseException:
        pair.stop()
        raise
    default.close()
    default.settings_dict.update(HOST="127.0.0.1", PORT=str(pair.primary.port))
    settings = copy.deepcopy(default.settings_dict)
    settings.update(PORT=str(pair.replica.port), TEST={"MIRROR": "default"})
    settings["OPTIONS"]["connect_timeout"] = 2
    connections.settings[dbrouter.REPLICA] = settings
    yield pair
    connections[dbrouter.REPLICA].close()
    del connections[dbrouter.REPLICA]
    del connections.settings[dbrouter.REPLICA]
    default.close()
    default.settings_dict.clear()
    default.settings_dict.update(saved)
    pair.stop()


@pytest.fixture
def replica(clusters, transactional_db):
    """The replica, caught up, measured afresh."""
    dbrouter.health.forget()
    assert clusters.caught_up()
    yield clusters
    dbrouter.health.forget()


def _queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries]


def _open(client, clusters):
    """The dashboard, with the queries each cluster answered."""
    clusters.caught_up()
    with (
        CaptureQueriesContext(connections[dbrouter.REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        page = client.get(OVERVIEW)
    return page, _queries(on_replica), _queries(on_primary)


def test_the_dashboard_reads_its_figures_from_the_replica_and_the_sign_in_from_the_primary(client, officers, replica):
    client.force_login(officers["monitor@centre"])

    page, on_replica, on_primary = _open(client, replica)

    assert page.status_code == 200 and "Xã, phường, đặc khu" in page.content.decode()
    assert any(FACTS in sql for sql in on_replica)  # the facts behind the figures
    assert not any(FACTS in sql and sql.startswith("SELECT") for sql in on_primary)
    assert any('"django_session"' in sql for sql in on_primary)  # a session just made is on the primary only
    assert not any('"django_session"' in sql or '"auth_' in sql for sql in on_replica)
    assert not any(sql.startswith(("INSERT", "UPDATE", "DELETE")) for sql in on_replica)
    assert dbrouter.health.usable and dbrouter.health.lag == 0  # caught up: no lag, however long the primary idled


def test_writes_posts_and_reads_inside_a_transaction_stay_on_the_primary(replica):
    seen = {}

    @dbrouter.reads_from_replica
    def report(request):
        seen["read"] = router.db_for_read(Field)
        seen["session"] = router.db_for_read(Session)
        seen["write"] = router.db_for_write(Field)
        with transaction.atomic():
            seen["read_in_transaction"] = router.db_for_read(Field)

    report(RequestFactory().get("/"))
    assert seen == {"read": "replica", "session": "default", "write": "default", "read_in_transaction": "default"}

    report(RequestFactory().post("/"))  # an import on the same page: wholly on the primary
    assert seen["read"] == "default"
    assert router.db_for_read(Field) == "default"  # outside a report's view


def test_a_replica_lagging_beyond_the_bound_leaves_the_reports_to_the_primary_until_it_catches_up(
    client, officers, replica
):
    client.force_login(officers["monitor@centre"])
    replica.replica.sql("SELECT pg_wal_replay_pause()")
    Field.objects.create(code="H17-LAG", name="Ghi trên máy chủ chính")  # the primary is now ahead

    with override_settings(LIENTHONG_REPLICA_MAX_LAG=0):  # any lag is beyond the bound
        with CaptureQueriesContext(connections[dbrouter.REPLICA]) as on_replica:
            paused = client.get(OVERVIEW)
        assert paused.status_code == 200
        assert not any(REPORTS in sql for sql in _queries(on_replica))  # only the check: the figures from the primary
        assert dbrouter.health.usable is False and dbrouter.health.lag > 0

        replica.replica.sql("SELECT pg_wal_replay_resume()")
        assert replica.caught_up()
        dbrouter.health.forget()  # the next check, LIENTHONG_REPLICA_CHECK_SECONDS later
        page, on_replica, _ = _open(client, replica)

    assert page.status_code == 200
    assert any(REPORTS in sql for sql in on_replica)
    assert dbrouter.health.usable and dbrouter.health.lag == 0


def test_a_replica_killed_under_the_dashboard_leaves_it_to_the_primary(client, officers, replica):
    client.force_login(officers["monitor@centre"])
    before, on_replica, _ = _open(client, replica)
    assert before.status_code == 200 and any(REPORTS in sql for sql in on_replica)

    replica.replica.stop("immediate")  # as a lost machine: its connections break, new ones are refused
    try:
        during = client.get(OVERVIEW)  # checked usable a moment ago: the page starts on the replica, fails, reruns
        assert during.status_code == 200
        assert dbrouter.health.usable is False

        dbrouter.health.forget()
        with CaptureQueriesContext(connections["default"]) as on_primary:
            after = client.get(OVERVIEW)  # checked again: refused at once, the primary answers
        assert after.status_code == 200
        assert any(REPORTS in sql for sql in _queries(on_primary))
        assert dbrouter.health.usable is False and dbrouter.health.lag is None
        assert after.content.decode().count("Xã, phường, đặc khu") == before.content.decode().count(
            "Xã, phường, đặc khu"
        )
    finally:
        replica.replica.start()
