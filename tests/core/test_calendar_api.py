"""`GET /api/v1/calendar/…`: the same answers as the service; bad input is a 422 RFC 9457 problem."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from lienthong.core.services import calendar_add

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def test_add_gives_the_same_answer_as_the_service_for_friday_13_2_2026_at_16_00(client):
    expected = calendar_add(start=datetime(2026, 2, 13, 16, tzinfo=VN), amount=3, unit="working_days")

    response = client.get(
        "/api/v1/calendar/add", {"start": "2026-02-13T16:00:00+07:00", "amount": "3", "unit": "working_days"}
    )

    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-02-13T16:00:00+07:00",
        "amount": 3.0,
        "unit": "working_days",
        "counted_from": "2026-02-23T07:30:00+07:00",
        "due": "2026-02-25T17:00:00+07:00",
        "explanation": list(expected.explanation),
    }
    assert "Không tính 14/02–22/02/2026: Tết Nguyên Đán, nghỉ cuối tuần." in response.json()["explanation"]


def test_a_start_without_offset_is_read_as_vietnam_time(client):
    response = client.get(
        "/api/v1/calendar/add", {"start": "2026-02-13 10:00", "amount": "0.5", "unit": "working_days"}
    )

    assert response.status_code == 200
    assert response.json()["start"] == "2026-02-13T10:00:00+07:00"
    assert response.json()["due"] == "2026-02-13T15:45:00+07:00"  # 1 h 30 before lunch, 2 h 15 after


def test_between_counts_working_time_across_tet(client):
    response = client.get("/api/v1/calendar/between", {"start": "2026-02-13 10:00", "end": "2026-02-25 10:00"})

    assert response.status_code == 200
    assert response.json()["working_seconds"] == 81000
    assert response.json()["working_hours"] == 22.5


def test_days_lists_the_years_days_off_and_make_up_days_with_their_source(client):
    response = client.get("/api/v1/calendar/days", {"year": 2026})

    assert response.status_code == 200
    days = {row["date"]: row for row in response.json()}
    assert days["2026-02-17"] == {
        "date": "2026-02-17",
        "kind": "day_off",
        "reason": "Tết Nguyên Đán",
        "source": "package",
    }
    assert days["2026-08-22"]["kind"] == "working_day"
    assert days["2026-08-31"]["kind"] == "day_off"


@pytest.mark.parametrize(
    ("path", "params", "problem_type"),
    [
        (
            "add",
            {"start": "2026-02-13 16:00", "amount": "3", "unit": "weeks"},
            "urn:lienthong:problem:validation_error",
        ),
        ("add", {"start": "ngày mai", "amount": "3", "unit": "working_days"}, "urn:lienthong:problem:validation_error"),
        (
            "add",
            {"start": "2026-02-13 16:00", "amount": "-1", "unit": "working_days"},
            "urn:lienthong:problem:validation_error",
        ),
        (
            "add",
            {"start": "2026-02-13 16:00", "amount": "3", "unit": "working_days", "amout": "4"},
            "urn:lienthong:problem:validation_error",
        ),
        (
            "add",
            {"start": "2026-02-13 16:00", "amount": "1.5", "unit": "calendar_days"},
            "urn:lienthong:problem:calendar.bad_amount",
        ),
        ("between", {"start": "2026-02-13 10:00"}, "urn:lienthong:problem:validation_error"),
        ("days", {"year": "1700"}, "urn:lienthong:problem:validation_error"),
    ],
)
def test_bad_input_is_a_422_problem_document(client, path, params, problem_type):
    response = client.get(f"/api/v1/calendar/{path}", params)

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == problem_type
    assert response.json()["status"] == 422
