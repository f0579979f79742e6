"""The e-mail's footer said the tracking link needs "4 số cuối…" although the link is signed and opens the dossier
without the code or the digits (issue 15 item 4). Migration notify 0012 wrote a new version of each Vietnamese e-mail
template that still said so (the old versions unchanged, for the messages rendered from them); the English ones say
it right from version 1. The latest version's e-mail makes no such claim and its link opens the tracking page."""

import dataclasses
import datetime as dt
from urllib.parse import urlsplit

import pytest
import time_machine

from lienthong.notify.constants import NOTIFIED_KINDS
from lienthong.notify.models import MessageTemplate
from lienthong.notify.notice_seed import NEW_TRACK_LINE, OLD_TRACK_LINE
from tests.notify.conftest import DAYTIME

pytestmark = pytest.mark.django_db
SEEDED_AFTER_THE_FOOTER = {"fee_paid"}  # notify 0013 (issue 13)


def test_each_vietnamese_e_mail_has_a_newer_version_without_the_claim_and_the_old_one_is_kept():
    for kind in NOTIFIED_KINDS:
        versions = list(MessageTemplate.objects.filter(kind=kind, channel="email", language="vi").order_by("version"))
        first, latest = versions[0], versions[-1]
        if kind in SEEDED_AFTER_THE_FOOTER:  # written with today's footer: one version, right from the start
            assert versions == [latest] and latest.is_active and NEW_TRACK_LINE in latest.body
            continue
        assert OLD_TRACK_LINE in first.body and not first.is_active  # never edited, switched off
        assert latest.is_active and latest.version == first.version + 1
        assert "4 số cuối" not in latest.body and NEW_TRACK_LINE in latest.body
        assert latest.body == first.body.replace(OLD_TRACK_LINE, NEW_TRACK_LINE) and latest.subject == first.subject
    english = MessageTemplate.objects.filter(channel="email", language="en", is_active=True, kind__in=NOTIFIED_KINDS)
    assert english.count() == len(NOTIFIED_KINDS)
    assert all("no code needed" in t.body and "digits" not in t.body for t in english)


@pytest.mark.parametrize(("language", "says"), [("vi", "không cần nhập mã"), ("en", "no code needed")])
def test_the_latest_e_mail_claims_no_code_and_its_link_opens_the_dossier(smtp, receive, applicant, client,
                                                                          language, says):  # fmt: skip
    with time_machine.travel(DAYTIME, tick=False):
        dossier = receive(applicant=dataclasses.replace(applicant, language=language))
    ((_to, mail),) = smtp.received
    body = mail.get_content()
    assert "4 số cuối" not in body and "last four" not in body and says in body
    [link] = [word for word in body.split() if "/tra-cuu/?" in word and "t=" in word][:1]

    url = urlsplit(link)
    with time_machine.travel(DAYTIME + dt.timedelta(days=1), tick=False):  # the link is valid 60 days
        page = client.get(f"{url.path}?{url.query}")  # no code typed, no digits

    text = page.content.decode()
    assert page.status_code == 200 and dossier.code in text and "Đăng ký đất đai lần đầu" in text
    assert "Chọn kênh nhận thông báo" in text or "notices" in text
