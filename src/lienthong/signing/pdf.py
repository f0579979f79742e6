"""`sign(pdf_bytes, *, profile, signer, stamp) -> signed_pdf_bytes`: PAdES with pyHanko, one interface for every
profile and every signer backend (signers.py).

The level is PAdES B-B (a CMS signature with signed attributes, no timestamp) unless `ltv` names a timestamp authority:
then B-LT — an RFC 3161 timestamp on the signature, and the chain with its OCSP responses and CRLs, fetched at signing
from the addresses in the certificates, embedded in the document security store (DSS), so the signature can be
validated years later without reaching any of those services (docs/signing.md).

The visible stamp follows Decree 30/2020/NĐ-CP, Appendix I: signer, agency, the signing time in ISO 8601 with the
Vietnam offset, the document's number and symbol, and — on a result — a QR code of the public verification page.
"""

import asyncio
import atexit
import contextlib
import datetime as dt
import io
import os
import tempfile
import zoneinfo
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyhanko import stamp as stamps
from pyhanko.pdf_utils import text
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyhankoSigningError
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko_certvalidator.errors import PathBuildingError, ValidationError
from pypdf import PdfReader

from lienthong.signing.constants import Profile

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
FIELD_NAME = "LienThongSignature"
# A font with Vietnamese glyphs (the base-14 fonts have none); Debian's fonts-dejavu-core, already needed for the slips.
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


# The /Reason of the signature, in the document's language whatever the officer's (and read back by verify.py).
REASONS = {
    Profile.RESULT_AGENCY: "Ký ban hành kết quả giải quyết thủ tục hành chính",
    Profile.ATTACHMENT_AGENCY: "Cơ quan ký tài liệu kèm theo",
    Profile.AGENCY_SEAL: "Cơ quan ban hành ký số (dấu của cơ quan)",
    Profile.SLIP: "Ký phiếu của Bộ phận Một cửa",
    Profile.E_COPY: "Chứng thực bản sao điện tử từ bản chính",
}
PROFILE_OF_REASON = {reason: profile for profile, reason in REASONS.items()}
# On a result, the attachment's reason is a seal: before AGENCY_SEAL existed the agency's seal over the leader's
# signature was made with it (results signed then, here or by another Liên Thông, keep that /Reason in their bytes).
PROFILE_OF_REASON_ON_RESULT = {**PROFILE_OF_REASON, REASONS[Profile.ATTACHMENT_AGENCY]: Profile.AGENCY_SEAL}


class SigningFailedError(Exception):
    """The PDF could not be signed (not a PDF, encrypted, the key refused): the reason, for the officer."""


class LtvUnavailableError(SigningFailedError):
    """B-LT was asked for, and the timestamp authority or a revocation source did not answer, or the signer's chain
    did not validate at signing (revoked, not under a trusted root): nothing is signed."""


@dataclass(frozen=True)
class Ltv:
    """What B-LT needs: the timestamp authority's URL, the roots the signer's chain is validated against at signing
    (the trust store), and how long each request to the TSA, an OCSP responder or a CRL may take."""

    tsa_url: str
    trust_roots: tuple = ()  # cryptography x509.Certificate
    timeout: int = 10


@dataclass(frozen=True)
class StampInfo:
    """What the visible stamp says (Decree 30 App. I); `url` becomes the QR code on a result."""

    signer_name: str
    agency_name: str
    document_number: str = ""
    url: str = ""
    at: dt.datetime | None = None
    # Lines said before the others: an electronic copy's "converted from paper" mark and its converter.
    lines: tuple[str, ...] = ()

    def time_text(self) -> str:
        at = (self.at or dt.datetime.now(dt.UTC)).astimezone(VIETNAM)
        return at.replace(microsecond=0).isoformat()  # e.g. 2026-12-07T10:05:00+07:00


@cache
def _font() -> GlyphAccumulatorFactory:
    return GlyphAccumulatorFactory(_stamp_font())


# What a stamp can say: ASCII and Latin-1, the Vietnamese letters (precomposed: Latin Extended-A/B's ơ ư đ ă and
# Latin Extended Additional's ạ…ỹ), the combining marks, typographic quotes and dashes, the đồng sign.
STAMP_UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x1A0, 0x1B1), *range(0x300, 0x324),
                  *range(0x1EA0, 0x1F00), 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x20AB]  # fmt: skip


def _stamp_font() -> str:
    """DejaVu Sans cut down, once per process, to the characters of STAMP_UNICODES: pyHanko subsets the stamp's
    font at every signature, and reading the whole of DejaVu Sans (750 kB, with its MATH table) for that was two
    thirds of the time of signing a page (docs/performance.md). A file, because pyHanko opens the font by path."""
    from fontTools import subset

    options = subset.Options()
    options.drop_tables += ["MATH", "FFTM"]
    options.layout_features = ["kern", "liga", "ccmp", "mark", "mkmk"]
    options.name_IDs = ["*"]
    font = subset.load_font(FONT, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=STAMP_UNICODES)
    subsetter.subset(font)
    handle, path = tempfile.mkstemp(prefix="lienthong-stamp-font-", suffix=".ttf")
    with os.fdopen(handle, "wb") as out:
        font.save(out)
    atexit.register(Path(path).unlink, missing_ok=True)
    return path


def _box(profile: str, width: float, height: float, slot: int = 0) -> tuple[int, int, int, int]:
    """Where the stamp goes on the last page, in points: a result's at the bottom right (under the signer's title),
    an attachment's and the agency's seal's at the top right (App. I: no image), a slip's small at the bottom left.
    An electronic copy's second signature (the agency's seal after the certifying officer's) goes under the first
    (`slot` 1)."""
    if profile in (Profile.ATTACHMENT_AGENCY, Profile.AGENCY_SEAL):
        return int(width - 250), int(height - 75), int(width - 20), int(height - 15)
    if profile == Profile.E_COPY:  # the "converted from paper" mark, top right of the last page
        below = 95 * slot
        return int(width - 290), int(height - 95 - below), int(width - 15), int(height - 10 - below)
    if profile == Profile.SLIP:
        return 20, 15, 260, 75
    return int(width - 300), 30, int(width - 20), 130


def _stamp_style(profile: str, info: StampInfo):
    lines = [
        *(line.replace("%", "%%") for line in info.lines),
        "Ký bởi: %(signer_name)s",
        "Cơ quan: %(agency_name)s",
        "Thời gian ký: %(time)s",
    ]
    if info.document_number:
        lines.append("Số, ký hiệu: %(document_number)s")
    box_style = text.TextBoxStyle(font=_font(), font_size=7)
    if info.url and profile not in (Profile.ATTACHMENT_AGENCY, Profile.AGENCY_SEAL):
        lines.append("Kiểm tra: %(url)s")
        return stamps.QRStampStyle(stamp_text="\n".join(lines), text_box_style=box_style, border_width=1)
    return stamps.TextStampStyle(stamp_text="\n".join(lines), text_box_style=box_style, border_width=1)


def _page_size(pdf_bytes: bytes) -> tuple[float, float]:
    page = PdfReader(io.BytesIO(pdf_bytes)).pages[-1]
    return float(page.mediabox.width), float(page.mediabox.height)


def _ltv_context(ltv: Ltv):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    roots = [asn1_x509.Certificate.load(root.public_bytes(Encoding.DER)) for root in ltv.trust_roots]
    # hard-fail: a signature that is to stand on its own for years is not made without its revocation data
    return ValidationContext(trust_roots=roots, allow_fetching=True, revocation_mode="hard-fail",
                             fetcher_backend=RequestsFetcherBackend(per_request_timeout=ltv.timeout))  # fmt: skip


def sign(pdf_bytes: bytes, *, profile: str, signer, stamp: StampInfo, ltv: Ltv | None = None, slot: int = 0) -> bytes:
    """The PDF with one more PAdES signature (an incremental update: the bytes signed before stay as they were),
    B-LT when `ltv` is given, else B-B. `signer` is a backend of signers.py; it is used within its own session (a
    token is opened and closed here, a remote service asked). `slot` 1 puts the stamp under an earlier one of the
    same profile."""
    if profile not in REASONS:
        raise ValueError(f"unknown signing profile {profile!r}")
    try:
        width, height = _page_size(pdf_bytes)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    except Exception as error:  # pypdf and pyHanko raise many kinds for a file that is not a readable PDF
        raise SigningFailedError("not a readable PDF") from error
    field_name = _free_field_name(writer)
    spec = fields.SigFieldSpec(field_name, on_page=-1, box=_box(profile, width, height, slot))
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        name=stamp.signer_name, location=stamp.agency_name, reason=REASONS[profile],
        embed_validation_info=ltv is not None, validation_context=_ltv_context(ltv) if ltv else None,
    )  # fmt: skip
    timestamper = HTTPTimeStamper(ltv.tsa_url, timeout=ltv.timeout) if ltv else None
    params = {"signer_name": stamp.signer_name, "agency_name": stamp.agency_name, "time": stamp.time_text(),
              "document_number": stamp.document_number, "url": stamp.url}  # fmt: skip
    return asyncio.run(_sign(writer, signer=signer, meta=meta, style=_stamp_style(profile, stamp), spec=spec,
                             timestamper=timestamper, params=params, ltv=ltv is not None))  # fmt: skip


@contextlib.asynccontextmanager
async def _session(signer):
    """A backend's pyHanko signer inside the event loop that signs: a remote one (CSC) opens its HTTP session here."""
    if hasattr(signer, "async_session"):
        async with signer.async_session() as pyhanko_signer:
            yield pyhanko_signer
    else:
        with signer.session() as pyhanko_signer:
            yield pyhanko_signer


async def _sign(writer, *, signer, meta, style, spec, timestamper, params, ltv: bool) -> bytes:
    out = io.BytesIO()
    async with _session(signer) as pyhanko_signer:
        pdf_signer = signers.PdfSigner(meta, signer=pyhanko_signer, stamp_style=style, new_field_spec=spec,
                                       timestamper=timestamper)  # fmt: skip
        try:
            await pdf_signer.async_sign_pdf(writer, output=out, appearance_text_params=params)
        except (TimestampRequestError, ValidationError, PathBuildingError, PyhankoSigningError, OSError) as error:
            if not ltv:
                raise
            raise LtvUnavailableError(f"B-LT: {error}") from error
    return out.getvalue()


def _free_field_name(writer: IncrementalPdfFileWriter) -> str:
    """A field name not yet in the document: a result signed by the person and then sealed carries two."""
    taken = {name for name, *_rest in fields.enumerate_sig_fields(writer)}
    number = 1
    while f"{FIELD_NAME}{number}" in taken:
        number += 1
    return f"{FIELD_NAME}{number}"
