"""Heartbeats keep the system's last sign of life and a short history; the daily reconciliation report is kept and
compared with our own counts."""

import pytest
from django.utils import timezone

from lienthong.gateway.models import ConnectedSystem, Heartbeat

pytestmark = pytest.mark.django_db


def test_a_heartbeat_is_stored_with_the_version_and_queue_depth(api, system):
    first = api.post("/heartbeat", {"version": "3.4.1", "queue_depth": 12})
    second = api.post("/heartbeat", {"version": "3.4.1", "queue_depth": 0})
    assert first.status_code == 200 and first.json()["previous_at"] is None
    assert second.json()["previous_at"] == first.json()["received_at"]
    assert list(Heartbeat.objects.order_by("id").values_list("version", "queue_depth")) == [("3.4.1", 12),
                                                                                           ("3.4.1", 0)]  # fmt: skip
    assert ConnectedSystem.objects.get(pk=system.pk).last_heartbeat_at is not None


def test_reconciliation_lists_where_the_units_counts_differ_from_ours(api, local_procedure, new_dossier):
    for n in range(3):
        api.post("/dossiers", new_dossier(f"MC-{n}"))
    today = timezone.localdate().isoformat()
    counts = [{"procedure": "1.001193", "status": "submitted", "count": 2},
              {"procedure": "1.001193", "status": "returned", "count": 1}]  # fmt: skip
    posted = api.post("/reconciliation", {"day": today, "counts": counts})
    assert posted.status_code == 201, posted.content
    body = api.get(f"/reconciliation/{today}").json()
    assert body["in_agreement"] is False
    assert body["differences"] == [
        {"procedure": "1.001193", "status": "returned", "reported": 1, "ours": 0},
        {"procedure": "1.001193", "status": "submitted", "reported": 2, "ours": 3},
    ]
    agreed = api.post("/reconciliation", {"day": today, "counts": [{"procedure": "1.001193", "status": "submitted",
                                                                      "count": 3}]})  # fmt: skip
    assert agreed.json() | {"received_at": None} == {"day": today, "received_at": None, "in_agreement": True,
                                                     "differences": []}  # fmt: skip


def test_a_day_without_a_report_is_a_404_problem(api):
    response = api.get("/reconciliation/2026-01-02")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
