"""An applicant whose language is English (`Dossier.applicant_language`, set by the portal's language at an online
submission) gets English notices on every channel (issue 15): English templates seeded for the same events with the
same placeholders, checked by the same validators, rendered within each channel's limits with the signed link; a
Vietnamese applicant still gets Vietnamese ones."""

import dataclasses

import pytest
import time_machine
from django.utils import translation

from lienthong.dossiers.models import Dossier
from lienthong.notify import texts
from lienthong.notify.constants import NOTIFIED_KINDS, MessageChannel
from lienthong.notify.delivery import active_template
from lienthong.notify.letters import template_check
from lienthong.notify.models import Message, MessageTemplate
from lienthong.notify.notice_seed import NOTICE_TEMPLATES
from lienthong.notify.notice_seed_en import NOTICE_TEMPLATES_EN
from lienthong.submission.forms import notice_language
from tests.notify.conftest import DAYTIME
from tests.notify.test_each_notice_renders_from_its_template_on_every_channel import (
    CHANNELS,
    PAYLOAD,
    _rendered,
    _signed_links,
)
from tests.notify.test_each_notice_renders_from_its_template_on_every_channel import received as received  # noqa: F401

pytestmark = pytest.mark.django_db
PHONE = "84912345678"


def test_the_english_templates_cover_the_same_events_and_channels_as_the_vietnamese():
    vietnamese = {(kind, channel) for kind, channel, *_ in NOTICE_TEMPLATES}
    english = {(kind, channel) for kind, channel, *_ in NOTICE_TEMPLATES_EN}
    assert english == vietnamese and {kind for kind, _ in english} == {str(k) for k in NOTIFIED_KINDS}
    seeded = MessageTemplate.objects.filter(language="en", is_active=True, kind__in=NOTIFIED_KINDS)
    assert {(t.kind, t.channel) for t in seeded} == english


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("kind", sorted(NOTIFIED_KINDS))
def test_each_english_notice_passes_the_checks_and_renders_in_english(received, settings, kind, channel):
    Dossier.objects.filter(pk=received.pk).update(applicant_language="en")
    template = active_template(kind, channel, "en")
    assert template is not None and template.language == "en"
    template_check(kind=kind, channel=channel, body=template.body, subject=template.subject, params=template.params)

    text, params = _rendered(template, received, kind, PAYLOAD)

    assert "{{" not in text and "{%" not in text and "None" not in text
    assert "Kính gửi" not in text and "Hồ sơ" not in text and "Ho so" not in text  # none of the Vietnamese words
    assert "Dossier" in text or "dossier" in text
    if channel == MessageChannel.SMS:
        assert texts.sms_length(text)[2] <= settings.LIENTHONG_SMS_MAX_SEGMENTS and _signed_links(text, received.code)
    elif channel == MessageChannel.ZNS:
        assert all(len(value) <= texts.ZNS_PARAM_LIMITS[template.params[name]] for name, value in params.items())
        assert _signed_links(params["track_url"], received.code)
    else:
        assert text.startswith("Dossier") and "Dear Nguyễn Thị Hoa," in text and "Kính gửi" not in text
        assert _signed_links(text, received.code)


@time_machine.travel(DAYTIME, tick=False)
def test_an_english_applicant_gets_the_receipt_in_english_by_e_mail_zalo_and_sms(providers, smtp, receive, applicant):
    providers.zns.program(PHONE, refuse=-118)  # not on Zalo: the SMS goes too

    dossier = receive(applicant=dataclasses.replace(applicant, language="en"))

    assert dossier.applicant_language == "en"
    ((_to, mail),) = smtp.received
    assert mail["Subject"].strip() == f"Dossier {dossier.code} received" and mail.get_content().startswith(
        "Dear Nguyễn"
    )
    zalo = Message.objects.get(dossier=dossier, channel="zns")
    assert (zalo.template.language, zalo.body.startswith("Dear Nguyễn Thị Hoa, dossier")) == ("en", True)
    [sms] = providers.sms.sends
    assert sms["Content"].startswith(f"Dossier {dossier.code} received. Due date: ")
    assert any(day in sms["Content"] for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"))
    assert {m.template.language for m in Message.objects.filter(dossier=dossier)} == {"en"}


@time_machine.travel(DAYTIME, tick=False)
def test_a_vietnamese_applicant_still_gets_vietnamese(providers, smtp, receive):
    dossier = receive()

    assert dossier.applicant_language == "vi"
    assert {m.template.language for m in Message.objects.filter(dossier=dossier)} == {"vi"}
    assert smtp.received[0][1]["Subject"].strip().startswith("Hồ sơ")


def test_an_online_submission_takes_the_portals_language():
    with translation.override("en"):
        assert notice_language() == "en"
    with translation.override("vi"):
        assert notice_language() == "vi"
