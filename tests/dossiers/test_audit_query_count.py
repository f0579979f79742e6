"""Verifying costs the same handful of queries for 2,000 events in 200 dossiers as for one dossier: one streamed
pass in (dossier, seq) order, never a query per dossier."""

import datetime as dt

import pytest
import time_machine

from lienthong.dossiers.services.audit import audit_verify, digest_record
from tests.dossiers.audit_support import T0, bulk_trails

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)
QUERIES = 7  # dossier count, event stream, emptied dossiers; first and last digest, digest stream, event stream


def test_verifying_one_dossier_and_two_hundred_costs_the_same_queries(
    province, procedure, django_assert_num_queries, django_assert_max_num_queries
):
    with time_machine.travel(T0, tick=False):
        bulk_trails(range(1), province=province, procedure=procedure, events_each=10)
    digest_record(until=T0 + HOUR)
    with django_assert_max_num_queries(QUERIES) as few:
        assert audit_verify().ok

    with time_machine.travel(T0 + 2 * HOUR, tick=False):
        bulk_trails(range(1, 200), province=province, procedure=procedure, events_each=10)
    digest_record(until=T0 + 3 * HOUR)
    with django_assert_num_queries(len(few.captured_queries)):
        report = audit_verify()
    assert (report.dossiers, report.events, report.digests, report.breaks) == (200, 2000, 2, [])
