"""Without DATABASE_REPLICA_URL (every SQLite deployment, and PostgreSQL without a standby) the reports' views run
once, on the one database: the router has nowhere else to send them (core/dbrouter.py)."""

from django.db import connections, router
from django.test import RequestFactory

from lienthong.catalogue.models import Field
from lienthong.core import dbrouter


def test_a_report_without_a_replica_reads_the_default_database_once():
    assert dbrouter.REPLICA not in connections.settings
    runs = []

    @dbrouter.reads_from_replica
    def report(request):
        runs.append(router.db_for_read(Field))
        return "page"

    assert report(RequestFactory().get("/")) == "page"
    assert runs == ["default"]
    assert not dbrouter.replica_usable()
