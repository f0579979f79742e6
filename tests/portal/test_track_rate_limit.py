"""Guessing is slowed down: attempts per client address and wrong answers per code are limited, and the answer past
the limit is 429 with Retry-After, on the page and in the API."""

import pytest

from tests.portal.track_given import (  # noqa: F401
    PHONE_DIGITS,
    at,
    fresh_counters_fixture,
    given_fixture,
    look_up,
    look_up_json,
)

pytestmark = pytest.mark.django_db
START = at(24, 9, 0)  # on a minute boundary: the per-address window (60 s) runs to 09:01:00


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LIENTHONG_TRACK_RATE_PER_IP = "10/60"
    settings.LIENTHONG_TRACK_RATE_PER_CODE = "20/3600"


def test_the_eleventh_attempt_in_a_minute_from_one_address_is_refused_on_the_page(client, given):
    code = given.received().code
    for _ in range(10):
        assert look_up(client, code, "0000", when=START).status_code == 404

    refused = look_up(client, code, PHONE_DIGITS, when=START)  # even with the right digits

    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Vui lòng thử lại sau 60 giây." in refused.content.decode()
    # another address is not held up, and the next minute this one may try again
    assert look_up(client, code, PHONE_DIGITS, when=START, address="10.0.0.2").status_code == 200
    assert look_up(client, code, PHONE_DIGITS, when=at(24, 9, 1)).status_code == 200


def test_the_api_answers_429_with_retry_after_as_a_problem(client, given):
    code = given.received().code
    for _ in range(10):
        look_up_json(client, code, PHONE_DIGITS, when=START)

    refused = look_up_json(client, code, PHONE_DIGITS, when=START)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert problem["status"] == 429
    assert problem["type"] == "urn:lienthong:problem:track.too_many_attempts"


def test_the_page_and_the_api_share_one_count_per_address(client, given):
    code = given.received().code
    for _ in range(5):
        look_up(client, code, PHONE_DIGITS, when=START)
        look_up_json(client, code, PHONE_DIGITS, when=START)
    assert look_up_json(client, code, PHONE_DIGITS, when=START).status_code == 429


def test_twenty_wrong_answers_lock_a_code_for_the_hour_from_any_address(client, given):
    code = given.received().code
    for n in range(20):
        assert look_up(client, code, f"{n:04d}", when=START, address=f"10.1.0.{n}").status_code == 404

    locked = look_up(client, code, PHONE_DIGITS, when=START, address="10.2.0.1")

    assert locked.status_code == 429
    assert locked["Retry-After"] == "3600"
    assert look_up_json(client, code, PHONE_DIGITS, when=at(24, 9, 30), address="10.2.0.2")["Retry-After"] == "1800"
    assert look_up(client, code, PHONE_DIGITS, when=at(24, 10, 0), address="10.2.0.3").status_code == 200


def test_a_code_that_does_not_exist_is_locked_the_same_way(client, given):
    code = given.received().code[:-4] + "9999"
    for n in range(20):
        look_up(client, code, "0000", when=START, address=f"10.1.0.{n}")
    assert look_up(client, code, "0000", when=START, address="10.2.0.1").status_code == 429


def test_right_answers_do_not_count_against_the_code(client, given):
    code = given.received().code
    for n in range(25):
        assert look_up(client, code, PHONE_DIGITS, when=START, address=f"10.1.0.{n}").status_code == 200


def test_ipv6_clients_are_counted_by_their_64_network(client, given):
    code = given.received().code
    for n in range(10):
        look_up(client, code, PHONE_DIGITS, when=START, address=f"2001:db8:1:2::{n + 1:x}")
    assert look_up(client, code, PHONE_DIGITS, when=START, address="2001:db8:1:2:ffff::1").status_code == 429
    assert look_up(client, code, PHONE_DIGITS, when=START, address="2001:db8:1:3::1").status_code == 200


def test_off_turns_the_limits_off(client, given, settings):
    settings.LIENTHONG_TRACK_RATE_PER_IP = settings.LIENTHONG_TRACK_RATE_PER_CODE = "off"
    code = given.received().code
    assert {look_up_json(client, code, "0000", when=START).status_code for _ in range(30)} == {404}
