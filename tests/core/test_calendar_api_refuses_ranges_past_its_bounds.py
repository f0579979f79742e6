"""Issue 11 §14: `GET /api/v1/calendar/between` over 0001–9999 ran past 30 s and the worker was killed. A range wider
than ten years, or an instant outside 1912–2099, is a Vietnamese 422 problem naming the limit, answered at once."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_range_of_two_centuries_is_refused_at_once_naming_the_ten_year_limit(client, monkeypatch):
    # given a range that used to walk every day of two centuries (0001–9999 ran for minutes)
    walked = []
    monkeypatch.setattr("lienthong.core.api.calendar_working_time_between", lambda **kw: walked.append(kw))

    # when
    response = client.get("/api/v1/calendar/between", {"start": "1912-01-01T00:00:00", "end": "2099-12-31T00:00:00"})

    # then: refused before any day is walked
    assert walked == []
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:lienthong:problem:calendar.range_too_wide"
    assert "giới hạn 10 năm (3653 ngày)" in problem["detail"]


def test_ten_years_are_still_answered(client):
    response = client.get("/api/v1/calendar/between", {"start": "2020-01-01T00:00:00", "end": "2029-12-31T00:00:00"})

    assert response.status_code == 200
    assert response.json()["working_seconds"] > 0


def test_a_range_backwards_is_bounded_the_same_way(client):
    response = client.get("/api/v1/calendar/between", {"start": "2090-01-01T00:00:00", "end": "2000-01-01T00:00:00"})

    assert response.status_code == 422
    assert response.json()["type"] == "urn:lienthong:problem:calendar.range_too_wide"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/calendar/between", {"start": "0001-01-01T00:00:00", "end": "0001-01-02T00:00:00"}),
        ("/api/v1/calendar/add", {"start": "9999-12-30T10:00:00", "amount": "3650", "unit": "calendar_days"}),
        ("/api/v1/calendar/add", {"start": "9999-12-30T10:00:00", "amount": "3650", "unit": "working_days"}),
    ],
    ids=["year-1", "calendar-days-past-9999", "working-days-past-9999"],
)
def test_an_instant_outside_1912_to_2099_is_a_problem_not_a_500(client, path, params):
    response = client.get(path, params)

    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert ["query", "start"] in [error["loc"] for error in errors]
    assert all("1912–2099" in error["msg"] for error in errors)
