"""Every message carries a signed, time-limited link to the dossier's tracking page that opens without typing the
code or the digits (issue 15 item 4); from it, the applicant chooses the channels they want (item 3)."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine

from lienthong.notify.constants import MessageChannel
from lienthong.notify.links import track_link
from lienthong.notify.models import OptOut
from tests.notify.conftest import DAYTIME

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_the_link_in_the_sms_opens_the_dossier_without_the_digits(providers, receive, client):
    providers.zns.program("84912345678", refuse=-118)
    with time_machine.travel(DAYTIME, tick=False):
        dossier = receive()
    link = providers.sms.sends[0]["Content"].rsplit(" ", 1)[1]
    assert parse_qs(urlsplit(link).query)["code"] == [dossier.code]

    with time_machine.travel(DAYTIME + dt.timedelta(days=1), tick=False):
        page = client.get(_path(link))
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    text = page.content.decode()
    assert "Đăng ký đất đai lần đầu" in text and "Chọn kênh nhận thông báo" in text


def test_an_altered_or_expired_link_asks_for_the_digits(receive, client, settings):
    settings.LIENTHONG_TRACK_LINK_DAYS = 60
    with time_machine.travel(DAYTIME, tick=False):
        dossier = receive()
        link = track_link(dossier.code)
        other = track_link("000.00.98.H19-260213-9999")
    forged = _path(link).replace(dossier.code, "000.00.98.H19-260213-9999", 1).split("&t=")[0]
    forged += "&t=" + parse_qs(urlsplit(other).query)["t"][0][:-2] + "xx"
    with time_machine.travel(DAYTIME + dt.timedelta(days=61), tick=False):
        expired = client.get(_path(link))
    with time_machine.travel(DAYTIME, tick=False):
        altered = client.get(forged)
    for page in (expired, altered):
        text = page.content.decode()
        assert "Liên kết đã hết hạn hoặc không hợp lệ" in text and "Đăng ký đất đai lần đầu" not in text


@time_machine.travel(DAYTIME, tick=False)
def test_the_applicant_opts_out_of_zalo_and_e_mail_and_back_in(receive, client):
    dossier = receive()
    page = client.get(_path(track_link(dossier.code)))
    opt_out = page.context["opt_out_token"]
    url = f"/thong-bao/tu-choi/{opt_out}/"
    form = client.get(url)
    assert form.status_code == 200
    assert [c[0] for c in form.context["form"].fields["channels"].choices] == ["email", "sms", "zns"]

    assert client.post(url, {"channels": ["zns", "email"]}).status_code == 200
    assert set(OptOut.objects.values_list("channel", "recipient")) == {
        (MessageChannel.ZNS, "84912345678"), (MessageChannel.EMAIL, "hoa@example.vn"),
    }  # fmt: skip
    client.post(url, {"channels": ["email"]})
    assert list(OptOut.objects.values_list("channel", flat=True)) == [MessageChannel.EMAIL]

    assert client.post(url, {"channels": ["fax"]}).status_code == 400
    assert client.get("/thong-bao/tu-choi/forged/").status_code == 404


@time_machine.travel(DAYTIME, tick=False)
def test_the_officer_sees_each_message_channel_status_and_time_on_the_dossier_page(providers, smtp, receive, officers):
    from django.urls import reverse

    from tests.backoffice.web_given import signed_in

    providers.zns.program("84912345678", refuse=-118)
    dossier = receive()
    providers.reports()

    page = signed_in(officers, "receiver@commune_centre").get(reverse("backoffice:dossier", args=[dossier.pk]))
    rows = page.context["sent_messages"]
    assert [(r.channel, r.status, r.recipient, r.fallback, r.detail) for r in rows] == [
        ("email", "delivered", "h***@example.vn", False, ""),
        ("zns", "permanent-failure", "84912***678", False, "-118"),
        ("sms", "delivered", "84912***678", True, ""),
    ]  # fmt: skip
    text = page.content.decode()
    assert "Tin nhắn gửi người nộp" in text and "Không gửi được" in text and "(mã -118)" in text
    assert "10:00 13/02/2026" in text
