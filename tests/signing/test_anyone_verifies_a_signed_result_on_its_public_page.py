"""Issue 14, item 3: the address in a signed result's QR code shows, without an account, the agency, the signer, the
time, the number and the status (HỢP LỆ / ĐÃ BỊ SỬA / KHÔNG ĐƯỢC TIN CẬY); the original downloads; an uploaded PDF
is checked and compared with it; something that is not a PDF, or too large, is refused with a clear message."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lienthong.signing.models import SignedDocument, TrustAnchor
from tests.signing.given import a_pdf, certificate_give
from tests.signing.stamp_reading import qr_texts
from tests.signing.test_the_leader_signs_the_result_on_approval import LEADER, _approve, at_approval  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_checks_counted_yet():
    """The checks' rate-limit counters live in the (per-process) cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signed(at_approval, officers, province, ca, trusted) -> SignedDocument:  # noqa: F811
    certificate_give(ca, user=officers[LEADER], agency=province["department"])
    _approve(officers, at_approval)
    return SignedDocument.objects.select_related("attachment__dossier").get()


def _url(signed: SignedDocument) -> str:
    return f"/v/{signed.attachment.dossier.code}/{signed.public_id}/"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _original(client, signed) -> bytes:
    download = client.get(_url(signed) + "ban-goc/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    return b"".join(download.streaming_content)


def test_the_page_shows_who_signed_what_and_that_it_is_valid(client, signed):
    page = client.get(_url(signed))
    assert page.status_code == 200
    text = _text(page)
    assert "Trạng thái: HỢP LỆ" in text
    for fact in ["Sở Nông nghiệp và Môi trường", "Trần Văn Bình", "125/GCN", signed.signer_serial]:
        assert fact in text
    assert "Tải bản gốc (giay-chung-nhan.pdf)" in text


def test_the_approval_records_this_address_as_the_result_s_verification_url(client, signed, settings):
    event = signed.attachment.dossier.events.get(kind="approved")
    url = event.payload["signed_results"][0]["verification_url"]
    assert url == settings.LIENTHONG_PUBLIC_URL.rstrip("/") + _url(signed)
    assert client.get(url.removeprefix(settings.LIENTHONG_PUBLIC_URL.rstrip("/"))).status_code == 200
    # and it is what the QR code of the signed result's stamp holds
    assert qr_texts(_original(client, signed)) == [url]


def test_an_upload_of_the_original_is_valid_and_the_same(client, signed):
    original = _original(client, signed)
    page = client.post(_url(signed), {"file": SimpleUploadedFile("ban-cua-toi.pdf", original)})
    assert page.status_code == 200
    text = _text(page)
    assert "Tệp của bạn: HỢP LỆ" in text and "Trùng khớp từng byte với bản gốc" in text


def test_one_changed_byte_shows_modified(client, signed):
    original = _original(client, signed)
    at = original.index(b"stream", original.index(b"/Contents")) + len(b"stream\n") + 5
    changed = bytearray(original)
    changed[at] ^= 0x01
    page = client.post(_url(signed), {"file": SimpleUploadedFile("ban-da-sua.pdf", bytes(changed))})
    text = _text(page)
    assert "Tệp của bạn: ĐÃ BỊ SỬA" in text and "Không trùng khớp với bản gốc" in text
    # and the stored original changed behind the agency's back is shown modified on the page itself
    with signed.attachment.file.open("wb") as handle:
        handle.write(bytes(changed))
    assert "Trạng thái: ĐÃ BỊ SỬA" in _text(client.get(_url(signed)))


def test_without_the_root_in_the_trust_store_it_is_untrusted(client, signed):
    TrustAnchor.objects.update(is_active=False)
    assert "Trạng thái: KHÔNG ĐƯỢC TIN CẬY" in _text(client.get(_url(signed)))


def test_not_a_pdf_or_too_large_is_refused_with_a_message(client, signed, settings):
    page = client.post(_url(signed), {"file": SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n....")})
    assert page.status_code == 400 and "Tệp đã chọn không phải tệp PDF." in _text(page)
    settings.LIENTHONG_SIGNING_VERIFY_MAX_BYTES = 1000
    page = client.post(_url(signed), {"file": SimpleUploadedFile("lon.pdf", a_pdf())})
    assert page.status_code == 400 and "Tệp lớn hơn giới hạn" in _text(page)


def test_an_unknown_or_guessed_address_is_not_found(client, signed):
    code = signed.attachment.dossier.code
    assert client.get(f"/v/{code}/{signed.attachment.pk}/").status_code == 404  # the id of the file is not enough
    assert client.get(f"/v/000.00.01.H19-260101-0001/{signed.public_id}/").status_code == 404
    assert client.get(f"/v/{code}/{'x' * 40}/ban-goc/").status_code == 404


def test_checks_are_limited_per_address(client, signed, settings):
    settings.LIENTHONG_SIGNING_VERIFY_RATE = "1/600"
    original = _original(client, signed)
    assert client.post(_url(signed), {"file": SimpleUploadedFile("a.pdf", original)}).status_code == 200
    refused = client.post(_url(signed), {"file": SimpleUploadedFile("a.pdf", original)})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Bạn đã kiểm tra quá nhiều tệp" in _text(refused)
