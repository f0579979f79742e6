"""The board as data (`/api/v1/board/…`): a provincial system's key with `board:read` or a board officer's session
reads it; a commune's system, a key without the scope, another officer and an anonymous caller are refused with a
problem. The answers carry what the page shows: states, heads, the sync share, undelivered events."""

import datetime as dt

import pytest

from lienthong.gateway.constants import Scope, SystemKind
from lienthong.gateway.models import CallStat
from lienthong.gateway.services.credentials import key_create, system_create
from lienthong.gateway.services.reports import heartbeat_record
from lienthong.org.models import Agency
from tests.board.undelivered import undelivered_pair
from tests.dossiers.conftest import form_data, procedure  # noqa: F401 — fixtures (the rest: tests/board/conftest.py)

pytestmark = pytest.mark.django_db
API = "/api/v1/board"


@pytest.fixture
def operations_centre(province):
    """The province's operations centre: a provincial system whose key reads the board."""
    centre = system_create(agency=province["centre"], name="Trung tâm điều hành thông minh", kind=SystemKind.ONE_STOP)
    return key_create(system=centre, scopes=[Scope.BOARD_READ], actor_label="test").token


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_provincial_system_reads_every_agency_with_its_head_and_state(client, system, head, operations_centre):
    heartbeat_record(system=system, version="2.1", queue_depth=3)
    response = client.get(f"{API}/", **bearer(operations_centre))
    assert response.status_code == 200, response.content
    board = response.json()
    assert board["total"] == Agency.objects.count() == sum(board["counts"].values()) == 4
    # the operations centre (province) has not sent a heartbeat, the department and the committee have no system
    assert board["counts_by_level"] == {
        "province": {"never": 2, "disconnected": 0, "degraded": 0, "connected": 0},
        "commune": {"never": 1, "disconnected": 0, "degraded": 0, "connected": 1},
    }
    commune = next(a for a in board["agencies"] if a["id"] == system.agency_id)
    assert commune["head"] == {"name": "Trần Thị Bình", "title": "Giám đốc", "since": "2025-07-01", "acting": False}
    assert commune["state"] == "connected"
    # nothing received in the period: no share, no 1.4 points to show
    assert commune["national"] | {"backlog": 0} == {"received": 0, "synced": 0, "share": None, "points": None,
                                                   "max_points": None, "backlog": 0}  # fmt: skip
    assert commune["systems"][0]["backlog"] == 3 and commune["systems"][0]["undelivered"] == {"failing": 0, "dead": 0}
    # units that need a call come first: the department has no system at all
    states = [a["state"] for a in board["agencies"]]
    assert states.index("never") < states.index("connected")


def test_filters_narrow_the_list_but_not_the_counts(client, system, operations_centre):
    heartbeat_record(system=system, version="2.1", queue_depth=0)
    board = client.get(f"{API}/", {"state": "connected"}, **bearer(operations_centre)).json()
    assert [a["id"] for a in board["agencies"]] == [system.agency_id]
    assert board["counts"]["connected"] == 1 and board["total"] == 4
    board = client.get(f"{API}/", {"q": "ttpvhcc phuong", "level": "commune"}, **bearer(operations_centre)).json()
    assert {a["name"] for a in board["agencies"]} == {"TTPVHCC phường Trấn Biên"}
    refused = client.get(f"{API}/", {"state": "sleeping"}, **bearer(operations_centre))
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"


def test_one_system_in_detail_lists_its_undelivered_events(client, system, province, procedure, form_data,  # noqa: F811
                                                            operations_centre):  # fmt: skip
    failing, dead = undelivered_pair(system=system, province=province, procedure=procedure, form_data=form_data)
    heartbeat_record(system=system, version="2.1", queue_depth=0)
    CallStat.objects.create(system=system, operation="dossier_create", minute=dt.datetime.now(dt.UTC), count=4,
                            errors=1, total_ms=400, max_ms=250)  # fmt: skip
    response = client.get(f"{API}/systems/{system.pk}", **bearer(operations_centre))
    assert response.status_code == 200, response.content
    detail = response.json()
    assert detail["system"]["undelivered"] == {"failing": 1, "dead": 1}
    events = {e["delivery_id"]: e for e in detail["undelivered_events"]}
    assert set(events) == {failing.pk, dead.pk}
    assert events[dead.pk]["state"] == "dead" and events[dead.pk]["next_attempt_at"] is None
    assert events[failing.pk]["last_status"] == 503 and events[failing.pk]["webhook_id"] == str(failing.event.uuid)
    assert detail["operations_last_day"] == [
        {"operation": "dossier_create", "calls": 4, "errors": 1, "mean_ms": 100, "max_ms": 250}
    ]
    assert client.get(f"{API}/systems/999999", **bearer(operations_centre)).status_code == 404
    assert client.get(f"{API}/agencies/{system.agency_id}", **bearer(operations_centre)).json()["systems"][0]["id"] == (
        system.pk
    )


def test_a_commune_system_or_a_key_without_the_scope_is_refused(client, system, province):
    commune_key = key_create(system=system, scopes=Scope.values, actor_label="test").token
    refused = client.get(f"{API}/", **bearer(commune_key))
    assert refused.status_code == 403 and refused.json()["type"].endswith("gateway.scope_missing")
    provincial = system_create(agency=province["centre"], name="Một cửa tỉnh", kind=SystemKind.ONE_STOP)
    no_scope = key_create(system=provincial, scopes=[Scope.DOSSIERS_READ], actor_label="test").token
    assert client.get(f"{API}/", **bearer(no_scope)).status_code == 403
    assert client.get(f"{API}/", **bearer("lt_nope_nope")).status_code == 401


@pytest.mark.parametrize(("who", "status"), [("monitor@centre", 200), ("leader@centre", 200),
                                              ("specialist@centre", 403), ("monitor@commune_centre", 403)])  # fmt: skip
def test_a_signed_in_officer_reads_it_as_the_board_page_admits(client, officers, system, who, status):
    client.force_login(officers[who])
    response = client.get(f"{API}/")
    assert response.status_code == status
    if status == 403:
        assert "bảng theo dõi kết nối" in response.json()["detail"]


def test_an_anonymous_caller_is_asked_to_sign_in_or_send_a_key(client):
    response = client.get(f"{API}/")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("path", ["agencies", "systems"])
def test_an_id_past_the_databases_range_is_a_problem_not_an_overflow(client, operations_centre, path):
    response = client.get(f"{API}/{path}/{2**63}", **bearer(operations_centre))
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert client.get(f"{API}/{path}/0", **bearer(operations_centre)).status_code == 422
