"""Issue 14, "must show": a signed result validates as intact and trusted against the configured roots; one
changed byte makes it MODIFIED; without its root in the trust store it is UNTRUSTED; signer, time, profile read back."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from lienthong.signing import pdf
from lienthong.signing.constants import Profile, Status
from lienthong.signing.verify import NotAPdfError, pdf_verify
from tests.signing.given import a_pdf
from tests.signing.stamp_reading import actual_texts, qr_texts

LEADER = "Trần Văn Bình"
STAMP = pdf.StampInfo(signer_name=LEADER, agency_name="Sở Tài nguyên và Môi trường", document_number="125/QĐ-STNMT",
                      url="https://dvc.example.vn/v/000.00.01.H22-261207-0001/7/",
                      at=dt.datetime(2026, 12, 7, 3, 4, 5, tzinfo=dt.UTC))  # fmt: skip


@pytest.fixture(scope="module")
def signed(ca) -> bytes:
    return pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=ca.signer(LEADER), stamp=STAMP)


def test_a_signed_result_is_valid_against_its_root(signed, ca):
    verdict = pdf_verify(signed, trust_roots=[ca.authority.certificate])
    assert verdict.status == Status.VALID
    (signature,) = verdict.signatures
    assert signature.signer_name == LEADER
    assert signature.organisation == "Sở Tài nguyên và Môi trường"
    assert pdf.PROFILE_OF_REASON[signature.reason] == Profile.RESULT_AGENCY
    assert abs(signature.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_one_changed_byte_makes_it_modified(signed, ca):
    # a byte of the page's content stream, which the signature covers
    at = signed.index(b"stream", signed.index(b"/Contents")) + len(b"stream\n") + 5
    changed = bytearray(signed)
    changed[at] ^= 0x01
    assert pdf_verify(bytes(changed), trust_roots=[ca.authority.certificate]).status == Status.MODIFIED


def test_without_its_root_it_is_untrusted(signed, ca, other_ca):
    assert pdf_verify(signed, trust_roots=[other_ca.authority.certificate]).status == Status.UNTRUSTED
    assert pdf_verify(signed, trust_roots=[]).status == Status.UNTRUSTED


def test_an_unsigned_pdf_and_a_file_that_is_no_pdf(ca):
    assert pdf_verify(a_pdf(), trust_roots=[ca.authority.certificate]).status == Status.UNSIGNED
    with pytest.raises(NotAPdfError):
        pdf_verify(b"GIF89a not a pdf", trust_roots=[ca.authority.certificate])


def test_the_stamp_is_inside_its_box_on_the_last_page_and_dated_in_vietnam_time(signed):
    assert STAMP.time_text() == "2026-12-07T10:04:05+07:00"  # ISO 8601 with the Vietnam offset (Decree 30 App. I)
    page = PdfReader(io.BytesIO(signed)).pages[-1]
    (widget,) = [a.get_object() for a in page["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert 0 <= x1 < x2 <= float(page.mediabox.width) and 0 <= y1 < y2 <= float(page.mediabox.height)
    assert widget["/AP"]["/N"].get_object()["/BBox"]  # a visible appearance, not an invisible signature


def test_the_stamp_says_who_where_when_and_which_number_and_its_qr_holds_the_page(signed):
    lines = actual_texts(signed).splitlines()
    assert lines == [f"Ký bởi: {LEADER}", "Cơ quan: Sở Tài nguyên và Môi trường",
                     "Thời gian ký: 2026-12-07T10:04:05+07:00", "Số, ký hiệu: 125/QĐ-STNMT",
                     f"Kiểm tra: {STAMP.url}"]  # fmt: skip
    assert qr_texts(signed) == [STAMP.url]


def test_a_second_signature_the_agency_s_seal_keeps_both_valid(signed, ca):
    seal = pdf.StampInfo(signer_name="Văn phòng Sở", agency_name="Sở Tài nguyên và Môi trường")
    sealed = pdf.sign(signed, profile=Profile.ATTACHMENT_AGENCY, signer=ca.signer("Văn phòng Sở"), stamp=seal)
    verdict = pdf_verify(sealed, trust_roots=[ca.authority.certificate])
    assert verdict.status == Status.VALID
    assert [s.signer_name for s in verdict.signatures] == [LEADER, "Văn phòng Sở"]


def test_a_file_that_is_no_pdf_cannot_be_signed(ca):
    with pytest.raises(pdf.SigningFailedError):
        pdf.sign(b"%PDF-1.7 broken", profile=Profile.SLIP, signer=ca.signer(LEADER), stamp=STAMP)


def test_signing_tells_nothing_of_the_stamp_s_font_at_info(ca, caplog):
    # pyHanko subsets the stamp's font on each signature and fontTools logged every step at INFO: ~140 lines in the
    # first start's output for the demo's signatures (settings.LOGGING now keeps fontTools to warnings)
    with caplog.at_level("INFO"):
        pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=ca.signer(LEADER), stamp=STAMP)
    assert not [record for record in caplog.records if record.name.startswith("fontTools")]
