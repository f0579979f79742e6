"""Listing by cursor over (updated_at, id): a walk sees every dossier once even while others are inserted, and
the filters narrow it."""

import datetime as dt

import pytest
from django.utils import timezone

from lienthong.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def _create(api, new_dossier, n: int, prefix: str) -> None:
    for i in range(n):
        assert api.post("/dossiers", new_dossier(f"{prefix}-{i}")).status_code == 201


def test_a_walk_sees_every_dossier_once_under_concurrent_inserts(api, local_procedure, new_dossier):
    _create(api, new_dossier, 7, "A")
    before = set(Dossier.objects.values_list("code", flat=True))
    seen, cursor, pages = [], "", 0
    while True:
        page = api.get("/dossiers", limit=3, **({"cursor": cursor} if cursor else {})).json()
        seen += [item["code"] for item in page["items"]]
        pages += 1
        if pages <= 2:
            _create(api, new_dossier, 2, f"B{pages}")  # others arrive while the walk goes on
        if not (cursor := page["next_cursor"]):
            break
    assert len(seen) == len(set(seen))
    assert before <= set(seen)
    assert set(seen) == set(Dossier.objects.values_list("code", flat=True))


def test_filters_by_status_procedure_and_update_time(api, local_procedure, new_dossier):
    _create(api, new_dossier, 3, "A")
    code = Dossier.objects.order_by("id").first().code
    api.post(f"/dossiers/{code}/actions", {"action": "receive"})
    assert [i["code"] for i in api.get("/dossiers", status="received").json()["items"]] == [code]
    assert len(api.get("/dossiers", procedure="1.001193").json()["items"]) == 3
    assert api.get("/dossiers", procedure="1.000000").json()["items"] == []
    later = (timezone.now() + dt.timedelta(minutes=1)).isoformat()
    assert api.get("/dossiers", updated_since=later).json()["items"] == []


def test_a_forged_cursor_is_a_422_problem(api):
    response = api.get("/dossiers", cursor="not-a-cursor")
    assert response.status_code == 422
    assert response.json()["type"] == "urn:lienthong:problem:gateway.invalid_cursor"


@pytest.mark.parametrize(
    "since", ["0487-06-08T04:59:17-23:07", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"]
)
def test_any_iso_instant_as_updated_since_is_an_answer_not_a_server_error(api, system, since):
    """Found by schemathesis on PostgreSQL: an offset of -23:07 is valid ISO 8601 but not a PostgreSQL offset."""
    response = api.get("/dossiers", updated_since=since)
    assert response.status_code == 200, response.content
