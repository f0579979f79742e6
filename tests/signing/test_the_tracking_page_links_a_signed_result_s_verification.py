"""Issue 14: the applicant who tracks a dossier returned with a signed result finds, beside its download, the link to
its public verification page — which shows it HỢP LỆ; a result nobody signed has no such link."""

import re

import pytest

from lienthong.signing.models import SignedDocument
from tests.portal.track_given import PHONE_DIGITS, fresh_counters_fixture, given_fixture, look_up  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_tracking_page_links_the_verification_page(client, given):
    dossier = given.returned_electronically()  # its result signed by a trusted leader (tests/signing/given.py)
    signed = SignedDocument.objects.get(attachment__dossier=dossier)

    page = look_up(client, dossier.code, PHONE_DIGITS).content.decode()
    (link,) = re.findall(r'href="(/v/[^"]+/)">Kiểm tra chữ ký số<', page)

    assert link == f"/v/{dossier.code}/{signed.public_id}/"
    assert "Trạng thái: HỢP LỆ" in client.get(link).content.decode()


def test_an_unsigned_result_has_no_verification_link(client, given):
    dossier = given.returned_electronically()
    SignedDocument.objects.filter(attachment__dossier=dossier).delete()
    page = look_up(client, dossier.code, PHONE_DIGITS).content.decode()
    assert "Tải về Giấy chứng nhận.pdf" in page and "Kiểm tra chữ ký số" not in page
