"""Issue 11 item 8: the link in every e-mail opens the tracking page with the dossier's code filled in — the digits
that prove who asks are never in a link, so the page asks for them, without an error and with the cursor there."""

import pytest

from tests.portal.track_given import PAGE, PHONE_DIGITS, fresh_counters_fixture, given_fixture, text  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_code_alone_fills_in_the_form_and_asks_for_the_digits(client, given):
    dossier = given.received()

    response = client.get(PAGE, {"code": dossier.code})

    page = response.content.decode()
    assert response.status_code == 200
    assert f'name="code" id="track-code" value="{dossier.code}"' in page
    assert 'id="track-digits"' in page and "autofocus" in page.split('id="track-digits"', 1)[1].split(">", 1)[0]
    assert "field-error" not in page and "Không tìm thấy" not in page
    assert dossier.procedure_version.name not in text(response)  # nothing of the dossier before the digits
    assert response["Cache-Control"] == "private, no-store"


def test_with_the_digits_typed_the_dossier_is_shown(client, given):
    dossier = given.received()
    response = client.get(PAGE, {"code": dossier.code, "digits": PHONE_DIGITS})
    assert response.status_code == 200 and dossier.procedure_version.name in text(response)
