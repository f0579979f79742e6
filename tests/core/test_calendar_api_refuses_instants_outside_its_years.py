"""Issue 11 point 17 (found by schemathesis checking responses against docs/openapi.json): an instant before 1912 was
answered with Viet Nam's old local-mean-time offsets (`+07:06:30`), which are not RFC 3339 `date-time`s, and a year
like 296 was computed with holidays the law never had. The calendar API takes instants of 1912–2099 (the lunar
holidays are known to 2099; since 1912 the offset is whole hours) and refuses others as a 422 problem."""

import re

import pytest

pytestmark = pytest.mark.django_db
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("add", {"start": "1905-06-01T10:00:00", "amount": "1", "unit": "working_days"}, "start"),
        ("add", {"start": "0296-12-26T22:02:46Z", "amount": "1.1", "unit": "immediate"}, "start"),
        ("add", {"start": "2100-01-04T10:00:00+07:00", "amount": "1", "unit": "working_days"}, "start"),
        ("add", {"start": "9999-12-31T23:00:00Z", "amount": "1", "unit": "working_days"}, "start"),
        ("between", {"start": "2026-02-13T10:00:00", "end": "1900-02-25T10:00:00"}, "end"),
    ],
)
def test_an_instant_outside_1912_to_2099_is_a_422_problem_naming_it(client, path, params, name):
    response = client.get(f"/api/v1/calendar/{path}", params)

    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert [error["loc"] for error in response.json()["errors"]] == [["query", name]]


def test_the_first_and_last_years_are_answered_with_rfc_3339_instants(client):
    first = client.get("/api/v1/calendar/add", {"start": "1912-01-02T10:00:00", "amount": "1", "unit": "working_days"})
    last = client.get("/api/v1/calendar/between", {"start": "2099-12-01T10:00", "end": "2099-12-31T10:00"})

    assert first.status_code == 200 and last.status_code == 200
    answered = [first.json()[key] for key in ("start", "counted_from", "due")] + [last.json()["start"]]
    assert all(RFC3339.match(instant) for instant in answered), answered
