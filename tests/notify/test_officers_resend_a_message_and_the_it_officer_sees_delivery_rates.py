"""Officers of the dossier's receiving agency send a message again from its timeline ("Gửi lại", issue 15 item 7): a
new message with its own status and provider request, never beside one still waiting; the IT officer reads the
delivery rates per channel and provider over a period (counts by status)."""

from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from lienthong.notify.constants import MessageChannel, MessageStatus
from lienthong.notify.models import Message
from tests.backoffice.web_given import signed_in
from tests.notify.conftest import DAYTIME

pytestmark = pytest.mark.django_db
PHONE = "84912345678"


@pytest.fixture(autouse=True)
def _daytime():
    with time_machine.travel(DAYTIME, tick=True):  # out of the quiet hours
        yield


@pytest.fixture
def resend(django_capture_on_commit_callbacks):
    def click(client, message):
        """The officer's click; what its commit sets off (the send) runs, as the worker would a moment later."""
        url = reverse("backoffice:message_resend", kwargs={"dossier_id": message.dossier_id, "message_id": message.pk})
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, follow=True)

    return click


def test_a_failed_sms_is_sent_again_as_a_new_message(providers, receive, officers, resend):
    providers.zns.program(PHONE, refuse=-118)  # not on Zalo: SMS takes over
    providers.sms.program(PHONE, refuse="99")  # and the gateway refuses it too (blocked for now)
    dossier = receive()
    failed = Message.objects.get(dossier=dossier, channel=MessageChannel.SMS)
    assert failed.status == MessageStatus.PERMANENT_FAILURE and providers.sms.sends == []

    providers.sms.program(PHONE)  # the number works again
    page = resend(signed_in(officers, "receiver@commune_centre"), failed)

    again = Message.objects.get(resend_of=failed)
    assert page.status_code == 200 and "Đã tạo tin nhắn gửi lại" in page.content.decode()
    assert (again.channel, again.recipient, again.body, again.event_uuid) == (
        "sms", PHONE, failed.body, failed.event_uuid
    )  # fmt: skip
    assert again.status == MessageStatus.SENDING and again.provider == failed.provider != ""
    [sent] = providers.sms.sends
    assert sent["RequestId"] == str(again.uuid) != str(failed.uuid)  # a new request, not the gateway's duplicate
    assert again.changes.first().source == "resend" and again.changes.first().detail == "receiver.commune_centre"
    rows = page.context["sent_messages"]
    assert [(r.channel, r.resend) for r in rows][-1] == ("sms", True)


def test_a_message_still_waiting_is_not_sent_twice(providers, receive, officers, resend):
    providers.zns.program(PHONE, refuse=-118)
    providers.sms.program(PHONE, callback=False)  # accepted, no delivery report yet: still `sending`
    dossier = receive()
    waiting = Message.objects.get(dossier=dossier, channel=MessageChannel.SMS)
    zalo = Message.objects.get(dossier=dossier, channel=MessageChannel.ZNS)
    client = signed_in(officers, "receiver@commune_centre")

    refused = resend(client, waiting)
    replaced = resend(client, zalo)  # the Zalo message failed, but the SMS that replaced it is still waiting

    assert "chưa gửi lại" in refused.content.decode() and "chưa gửi lại" in replaced.content.decode()
    assert not Message.objects.filter(resend_of__isnull=False).exists() and len(providers.sms.sends) == 1


def test_two_clicks_make_one_resend(providers, receive, officers, resend):
    providers.zns.program(PHONE, refuse=-118)
    providers.sms.program(PHONE, refuse="99")
    dossier = receive()
    failed = Message.objects.get(dossier=dossier, channel=MessageChannel.SMS)
    providers.sms.program(PHONE, callback=False)
    client = signed_in(officers, "receiver@commune_centre")

    resend(client, failed)
    second = resend(client, failed)  # the first resend is still waiting for its report

    assert Message.objects.filter(resend_of=failed).count() == 1 and "chưa gửi lại" in second.content.decode()


@pytest.mark.parametrize("key", ["monitor@commune_centre", "it_officer@commune_centre", "receiver@centre"])
def test_only_the_receiving_agencys_officers_resend(providers, receive, officers, resend, key):
    providers.zns.program(PHONE, refuse=-118)
    providers.sms.program(PHONE, refuse="99")
    failed = Message.objects.get(dossier=receive(), channel=MessageChannel.SMS)

    response = resend(signed_in(officers, key), failed)

    assert response.status_code in (403, 404)  # another agency's officer does not even see the dossier
    assert not Message.objects.filter(resend_of=failed).exists()


def test_the_it_officer_sees_counts_by_status_per_channel_and_provider(providers, smtp, receive, officers):
    providers.zns.program(PHONE, refuse=-118)
    receive()
    providers.reports()  # the SMS is delivered
    client = signed_in(officers, "it_officer@centre")  # a province-level IT officer: every message

    page = client.get(reverse("backoffice:message_rates"))

    assert page.status_code == 200
    rows = {(r.channel, r.provider): r for r in page.context["rows"]}
    sms_host, zns_host = providers_hosts(page)
    assert rows[("zns", zns_host)].counts[MessageStatus.PERMANENT_FAILURE] == 1
    assert rows[("sms", sms_host)].counts[MessageStatus.DELIVERED] == 1
    assert rows[("sms", sms_host)].delivered_share == 1.0
    assert rows[("email", "127.0.0.1")].counts[MessageStatus.DELIVERED] == 1
    text = page.content.decode()
    assert "Tỷ lệ gửi tin nhắn theo kênh và nhà cung cấp" in text and "100,0%" in text


def providers_hosts(page) -> tuple[str, str]:

    return urlsplit(settings.LIENTHONG_SMS_URL).netloc, urlsplit(settings.LIENTHONG_ZNS_URL).netloc


def test_a_commune_it_officer_counts_only_the_communes_dossiers(providers, receive, officers):
    receive()
    commune = signed_in(officers, "it_officer@committee").get(reverse("backoffice:message_rates"))

    assert commune.status_code == 200 and commune.context["rows"] == []


def test_the_page_is_the_it_officers_and_refuses_a_bad_period_in_vietnamese(officers):
    assert signed_in(officers, "receiver@commune_centre").get(reverse("backoffice:message_rates")).status_code == 403

    client = signed_in(officers, "it_officer@centre")
    reversed_period = client.get(reverse("backoffice:message_rates"), {"tu": "2026-02-10", "den": "2026-02-01"})
    too_long = client.get(reverse("backoffice:message_rates"), {"tu": "2024-01-01", "den": "2026-02-01"})
    not_a_date = client.get(reverse("backoffice:message_rates"), {"tu": "hôm qua"})

    assert (
        reversed_period.status_code == 400
        and "Ngày bắt đầu phải trước ngày kết thúc." in reversed_period.content.decode()
    )
    assert too_long.status_code == 400 and "tối đa 366 ngày" in too_long.content.decode()
    assert not_a_date.status_code == 400
