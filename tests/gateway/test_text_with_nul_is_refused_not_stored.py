"""PostgreSQL's text cannot hold NUL: the API refuses it as invalid input (422 problem) on both databases, before
anything is written, instead of a database error (a 500 on PostgreSQL only, which schemathesis found)."""

from lienthong.gateway.models import Heartbeat


def test_a_body_with_nul_is_a_422_problem_and_nothing_is_written(api):
    response = api.post("/heartbeat", {"version": "3.4\x001", "queue_depth": 0})

    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["errors"] == [{"loc": ["body", "version"], "msg": "Không được chứa ký tự NUL.",
                                  "type": "value_error"}]  # fmt: skip
    assert not Heartbeat.objects.exists()


def test_a_query_with_nul_is_a_422_problem(api):
    response = api.get("/dossiers", status="received\x00")
    assert response.status_code == 422 and response.json()["errors"][0]["loc"] == ["query", "status"]


def test_a_body_that_is_not_json_is_a_400_problem_saying_so(api):
    response = api.client.post("/api/v1/systems/heartbeat", b"{not json", content_type="application/json",
                               HTTP_AUTHORIZATION=f"Bearer {api.token}", HTTP_IDEMPOTENCY_KEY="k-1")  # fmt: skip
    assert response.status_code == 400
    assert response.json()["title"] == "Nội dung yêu cầu không phải JSON hợp lệ"
    assert not Heartbeat.objects.exists()
