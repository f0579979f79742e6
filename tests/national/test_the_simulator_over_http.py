"""The simulator as the demo and other tests use it from outside: its admin endpoints and the contract's auth."""

import json
import urllib.error
import urllib.request

import pytest

from lienthong.national.client import PortalClient, PortalConfig, PortalRejected
from lienthong.national.simulator import contract, simulator_running


def _post(url: str, body) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",  # noqa: S310
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_faults_and_submissions_are_set_through_the_admin_endpoints():
    with simulator_running() as sim:
        assert _post(f"{sim.url}/_sim/faults", [{"kind": "http", "status": 429, "retry_after": "7"}]) == (
            200,
            {"faults": 1},
        )
        status, body = _post(f"{sim.url}/_sim/submissions", {"MaTTHC": "1.012753", "MaDonViTiepNhan": "X",
                                                            "ChuHoSo": "A"})  # fmt: skip
        assert status == 200 and body["MaHoSoQG"] in sim.portal.submissions
        assert _post(f"{sim.url}/_sim/faults", {"kind": "nonsense"})[0] == 400
        assert _post(f"{sim.url}/_sim/submissions", {"ChuHoSo": "A"})[0] == 400

        with urllib.request.urlopen(f"{sim.url}/_sim/state", timeout=2) as response:  # noqa: S310
            state = json.loads(response.read())
        assert state["faults"][0]["status"] == 429 and len(state["submissions"]) == 1

        assert _post(f"{sim.url}/_sim/reset", {}) == (200, {})
        assert sim.portal.submissions == {} and sim.portal.faults == []


def test_calls_need_a_token_from_the_portals_credentials_and_a_stale_token_is_renewed():
    with simulator_running() as sim:
        assert _post(f"{sim.url}/service", {"service": contract.LOOKUP, "data": []})[0] == 401
        wrong = PortalClient(PortalConfig(url=sim.url, username="x", password="y", unit_code="", timeout=2))
        with pytest.raises(PortalRejected) as refused:
            wrong.call(contract.LOOKUP, [{"MaHoSo": "A-260302-0001"}])
        assert refused.value.code == 401

        client = PortalClient(
            PortalConfig(
                url=sim.url,
                username=sim.portal.username,
                password=sim.portal.password,
                unit_code="000.00.00.H19",
                timeout=2,
            )
        )
        assert client.call(contract.LIST_SUBMISSIONS, []) == []
        sim.portal.expire_tokens()
        assert client.call(contract.LIST_SUBMISSIONS, []) == []  # authenticated again, once


def test_an_unknown_service_is_a_portal_error():
    with simulator_running() as sim:
        client = PortalClient(
            PortalConfig(
                url=sim.url, username=sim.portal.username, password=sim.portal.password, unit_code="", timeout=2
            )
        )
        with pytest.raises(PortalRejected) as refused:
            client.call("XoaHoSo", [])
        assert refused.value.code == contract.UNKNOWN_SERVICE
