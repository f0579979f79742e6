"""Wrong digits and a code that does not exist get one and the same answer, so nobody can learn which codes exist."""

import re
from dataclasses import replace

import pytest

from tests.portal.track_given import (  # noqa: F401
    NOT_FOUND,
    PHONE_DIGITS,
    fresh_counters_fixture,
    given_fixture,
    look_up,
    look_up_json,
    text,
)

pytestmark = pytest.mark.django_db


def _unknown_like(code: str) -> str:
    """A code of the same shape that no dossier has: the next day's first number."""
    return code[:-4] + "9999"


def _without_token_and_code(response, code: str) -> bytes:
    """The body with the CSRF token of the language switch and the echoed code blanked: the only parts that may
    differ (the token is masked afresh for every response; the code is what the visitor typed, in the code field
    and in the language switch's return address)."""
    body = re.sub(
        rb'name="csrfmiddlewaretoken" value="[^"]+"', b'name="csrfmiddlewaretoken" value=""', response.content
    )
    return body.replace(code.encode(), b"CODE")


def test_wrong_digits_and_an_unknown_code_give_the_same_page(client, given):
    code = given.received().code
    unknown = _unknown_like(code)

    wrong_digits = look_up(client, code, "0000")
    no_such_code = look_up(client, unknown, "0000")

    assert wrong_digits.status_code == no_such_code.status_code == 404
    assert _without_token_and_code(wrong_digits, code) == _without_token_and_code(no_such_code, unknown)
    assert NOT_FOUND in text(wrong_digits)
    assert "Ngày hẹn" not in text(wrong_digits)


def test_wrong_digits_and_an_unknown_code_give_byte_identical_json(client, given):
    code = given.received().code

    wrong_digits = look_up_json(client, code, "0000")
    no_such_code = look_up_json(client, _unknown_like(code), PHONE_DIGITS)

    assert wrong_digits.status_code == no_such_code.status_code == 404
    assert wrong_digits.content == no_such_code.content
    assert wrong_digits["Content-Type"] == "application/problem+json"
    assert wrong_digits.json()["title"] == NOT_FOUND


def test_the_right_digits_of_another_dossier_do_not_open_this_one(client, given):
    code = given.received().code
    given.applicant = replace(given.applicant, phone="0987000111", id_number="075190009999")
    other = given.received().code
    assert look_up(client, other, PHONE_DIGITS).status_code == 404
    assert look_up(client, code, PHONE_DIGITS).status_code == 200


def test_a_dossier_without_phone_or_identity_number_is_not_opened_by_empty_or_zero_digits(client, given):
    given.applicant = replace(given.applicant, phone="", id_number="")
    code = given.received().code
    assert look_up(client, code, "0000").status_code == 404
    assert look_up_json(client, code, "0000").status_code == 404
