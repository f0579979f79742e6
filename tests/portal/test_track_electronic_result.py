"""A result returned electronically is downloaded from the tracking page through a short-lived signed link."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import signing

from lienthong.dossiers.models import Attachment
from lienthong.portal.tracking import RESULT_SALT
from tests.portal.track_given import (  # noqa: F401
    LOOKED_UP_AT,
    PDF,
    PHONE_DIGITS,
    fresh_counters_fixture,
    given_fixture,
    look_up,
    look_up_json,
    result_pdf,
    text,
)

pytestmark = pytest.mark.django_db


def _link(response) -> str:
    (link,) = re.findall(r'href="(/tra-cuu/ket-qua/[^"]+/)"', response.content.decode())
    return link


def test_the_page_links_the_result_and_the_link_downloads_it_as_an_attachment(client, given):
    dossier = given.returned_electronically()
    page = look_up(client, dossier.code, PHONE_DIGITS)
    assert "Đã trả kết quả." in text(page)
    assert "Tải về Giấy chứng nhận.pdf" in text(page)

    with time_machine.travel(LOOKED_UP_AT + dt.timedelta(minutes=5), tick=False):
        download = client.get(_link(page))

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == result_pdf()
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "private, no-store"


def test_the_link_expires_after_fifteen_minutes(client, given):
    dossier = given.returned_electronically()
    link = _link(look_up(client, dossier.code, PHONE_DIGITS))

    with time_machine.travel(LOOKED_UP_AT + dt.timedelta(minutes=16), tick=False):
        expired = client.get(link)

    assert expired.status_code == 404
    assert "Liên kết tải kết quả không hợp lệ hoặc đã hết hạn" in text(expired)


@pytest.mark.parametrize("tamper", ["altered", "other salt", "garbage"])
def test_a_forged_or_altered_link_is_refused(client, given, tamper):
    dossier = given.returned_electronically()
    link = _link(look_up(client, dossier.code, PHONE_DIGITS))
    attachment = Attachment.objects.get(dossier=dossier)
    token = {
        "altered": link.split("/")[-2][:-2] + "xx",
        "other salt": signing.dumps([dossier.pk, attachment.pk], salt="something-else"),
        "garbage": "x",
    }[tamper]
    with time_machine.travel(LOOKED_UP_AT, tick=False):
        assert client.get(f"/tra-cuu/ket-qua/{token}/").status_code == 404


def test_a_valid_token_for_a_file_that_is_not_an_electronic_result_is_refused(client, given):
    dossier = given.returned_electronically()
    attachment = Attachment.objects.get(dossier=dossier)
    Attachment.objects.filter(pk=attachment.pk).update(kind=Attachment.Kind.SUBMITTED)
    token = signing.dumps([dossier.pk, attachment.pk], salt=RESULT_SALT)
    assert client.get(f"/tra-cuu/ket-qua/{token}/").status_code == 404


def test_no_link_before_the_result_is_returned(client, given):
    dossier = given.received(delivery="electronic")
    page = look_up(client, dossier.code, PHONE_DIGITS)
    assert "/tra-cuu/ket-qua/" not in page.content.decode()
    assert "Kết quả bản điện tử được tải về tại trang này khi đã trả kết quả." in text(page)


def test_the_api_gives_the_same_download_link(client, given):
    dossier = given.returned_electronically()
    (result,) = look_up_json(client, dossier.code, PHONE_DIGITS).json()["results"]
    assert result["name"] == "Giấy chứng nhận.pdf"
    assert result["size"] == len(result_pdf())
    with time_machine.travel(LOOKED_UP_AT, tick=False):
        assert b"".join(client.get(result["url"]).streaming_content) == result_pdf()
