"""Every call is counted per system and operation in the cache, at no database cost, and a periodic flush moves
the closed minutes into CallStat and the failures into FailedCall."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.gateway.api import auth
from lienthong.gateway.models import CallStat, FailedCall
from lienthong.gateway.services import calls

pytestmark = pytest.mark.django_db


def _queries(api, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(path).status_code in (200, 404)
    return len(captured)


def test_recording_a_call_costs_no_query(api, monkeypatch):
    api.get("/dossiers")  # the key's last-used mark is written once a minute, not per call
    recorded = _queries(api, "/dossiers")
    monkeypatch.setattr(auth, "call_record", lambda call: None)
    unrecorded = _queries(api, "/dossiers")
    assert recorded == unrecorded


def test_a_flush_moves_closed_minutes_and_failures_to_the_database(api, system):
    for _ in range(3):
        api.get("/dossiers")
    api.get("/dossiers/nope")
    # when a flush runs after the minute has closed
    calls.call_stats_flush(now=time.time() + 120)
    # then
    stats = {s.operation: s for s in CallStat.objects.filter(system=system)}
    assert (stats["system_dossier_list"].count, stats["system_dossier_list"].errors) == (3, 0)
    assert (stats["system_dossier_get"].count, stats["system_dossier_get"].errors) == (1, 1)
    failed = FailedCall.objects.get(system=system)
    assert (failed.operation, failed.status, failed.problem) == ("system_dossier_get", 404,
                                                                 "urn:lienthong:problem:gateway.not_found")  # fmt: skip
    # and a second flush adds nothing
    calls.call_stats_flush(now=time.time() + 180)
    assert CallStat.objects.get(system=system, operation="system_dossier_list").count == 3


def test_refusals_of_a_known_key_are_counted_too(client, system):
    from lienthong.gateway.constants import Scope
    from lienthong.gateway.services.credentials import key_create
    from tests.gateway.conftest import SystemClient

    reader = SystemClient(client, key_create(system=system, scopes=[Scope.CATALOGUE_READ]).token)
    assert reader.get("/dossiers").status_code == 403
    calls.call_stats_flush(now=time.time() + 120)
    assert CallStat.objects.get(system=system).errors == 1
