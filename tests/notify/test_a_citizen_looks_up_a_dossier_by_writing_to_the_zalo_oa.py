"""Look-up by Zalo (issue 15 item 5): a citizen writes a dossier's code and the last four digits of the phone to
the province's Zalo OA; the webhook (Zalo's signature checked) hands the text to the same limited look-up as the
tracking page, and the OA answers through its consultation message API (the Zalo simulator here). A wrong code and
wrong digits get the page's one refusal word for word; the page's limits hold, on the page's own counters; a forged
event is refused."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from lienthong.core.calendar import format_instant
from lienthong.notify.links import track_token_code
from lienthong.portal import tracking
from lienthong.portal.zalo import USAGE

pytestmark = pytest.mark.django_db
CITIZEN = "8431234567890"  # a Zalo user id (the OA sees the id, never the phone)


def _write(providers, client, text, *, user=CITIZEN, signature=None):
    """Zalo posts the citizen's `user_send_text` to our webhook; the OA's answer (if any) goes out by a task."""
    body, headers = providers.zns.user_text(user, text)
    if signature is not None:
        headers = {"X-ZEvent-Signature": signature}
    response = client.post(reverse("notify:callback", args=["zns"]), data=body, content_type="application/json",
                           headers=headers)  # fmt: skip
    return response


def _answers(providers, user=CITIZEN):
    return [m["text"] for m in providers.zns.oa_messages if m["user_id"] == user]


def test_the_right_code_and_digits_are_answered_with_the_status_the_due_date_and_the_link(providers, receive, client):
    dossier = receive()

    response = _write(providers, client, f"Tra cứu {dossier.code} 5678")

    assert response.status_code == 200
    [answer] = _answers(providers)
    assert answer.startswith(f"Hồ sơ {dossier.code} (")
    assert f"Hẹn trả kết quả: {format_instant(timezone.localtime(dossier.due_at))}." in answer
    link = answer.rsplit("Xem chi tiết: ", 1)[1]
    [token] = parse_qs(urlsplit(link).query)["t"]
    assert track_token_code(token) == dossier.code  # the signed link: opens the page without typing the code
    assert "5678" not in answer.replace(dossier.code, "")  # the digits that prove who asks never travel back


def test_a_wrong_code_and_wrong_digits_are_refused_as_the_tracking_page_refuses_them(providers, receive, client):
    dossier = receive()
    page = client.get(reverse("portal:track"), {"code": dossier.code, "digits": "0000"})

    _write(providers, client, f"{dossier.code[:-4]}9999 5678")  # no such dossier
    _write(providers, client, f"{dossier.code} 0000")  # the dossier, but not its applicant's digits

    wrong_code, wrong_digits = _answers(providers)
    assert wrong_code == wrong_digits == str(tracking.NOT_FOUND)
    assert page.status_code == 404 and str(tracking.NOT_FOUND) in page.content.decode()


def test_the_page_limits_hold_on_the_page_counters(providers, receive, client, settings):
    settings.LIENTHONG_TRACK_RATE_PER_CODE = "3/3600"
    dossier = receive()

    for _ in range(3):
        _write(providers, client, f"{dossier.code} 0000")
    _write(providers, client, f"{dossier.code} 5678")  # the right digits, too late: the code is locked

    *_misses, locked = _answers(providers)
    assert locked.startswith("Bạn đã tra cứu quá nhiều lần.") and dossier.code not in locked
    # the misses by Zalo locked the code on the page as well: one set of counters, whichever way one asks
    assert client.get(reverse("portal:track"), {"code": dossier.code, "digits": "5678"}).status_code == 429


def test_each_zalo_user_has_the_per_client_limit_of_an_address(providers, receive, client, settings):
    settings.LIENTHONG_TRACK_RATE_PER_IP = "2/60"
    dossier = receive()

    for _ in range(3):
        _write(providers, client, f"{dossier.code} 5678")
    _write(providers, client, f"{dossier.code} 5678", user="8439999999999")

    first, second, third = _answers(providers)
    assert dossier.code in first and dossier.code in second and third.startswith("Bạn đã tra cứu quá nhiều lần.")
    assert dossier.code in _answers(providers, user="8439999999999")[0]  # another citizen is not held back


def test_a_message_that_is_not_a_look_up_gets_how_to_ask(providers, client):
    _write(providers, client, "Xin chào, tôi muốn hỏi về hồ sơ đất đai")

    assert _answers(providers) == [USAGE]


def test_an_event_with_a_bad_signature_is_refused_and_answered_by_nobody(providers, receive, client):
    dossier = receive()

    response = _write(providers, client, f"{dossier.code} 5678", signature="mac=" + "0" * 64)

    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert providers.zns.oa_messages == []
