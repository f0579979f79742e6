"""Verification of a signed PDF against the configured trust store (trust.py), never the OS store.

VALID: every signature is intact, its certificate chains to a trusted root, and the last one covers the whole file;
MODIFIED: a byte under a signature changed, or something was added after the last signature that a signature does
not allow, or the file no longer opens as the PDF that was signed; UNTRUSTED: intact, but the chain ends at a root
the trust store does not hold; UNSIGNED: a PDF with no signature. Revocation is not checked yet (B-B: docs/signing.md).
"""

import datetime as dt
import io
import logging
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from lienthong.signing.constants import Status

logger = logging.getLogger(__name__)


class NotAPdfError(Exception):
    """The bytes are not a PDF at all (checked by its header, before any parsing)."""


@dataclass(frozen=True)
class SignatureReport:
    status: str
    signer_name: str = ""
    signer_serial: str = ""  # hexadecimal, as certificate tools print it
    organisation: str = ""
    signed_at: dt.datetime | None = None
    reason: str = ""
    location: str = ""


@dataclass(frozen=True)
class Verification:
    status: str
    signatures: list[SignatureReport] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def last(self) -> SignatureReport | None:
        return self.signatures[-1] if self.signatures else None


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    from cryptography.hazmat.primitives.serialization import Encoding

    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def _name_part(cert: asn1_x509.Certificate, part: str) -> str:
    return str(cert.subject.native.get(part, "") or "")


def _report(embedded, roots: list[asn1_x509.Certificate], *, last: bool) -> SignatureReport:
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    result = validate_pdf_signature(embedded, context)
    cert = result.signing_cert
    if (
        not (result.intact and result.valid)
        or last
        and result.coverage != SignatureCoverageLevel.ENTIRE_FILE
        and not _harmless(result)
        or not last
        and not _harmless(result)
    ):
        status = Status.MODIFIED
    elif not result.trusted:
        status = Status.UNTRUSTED
    else:
        status = Status.VALID
    signed_at = result.signer_reported_dt
    return SignatureReport(
        status=status,
        signer_name=_name_part(cert, "common_name") if cert else "",
        signer_serial=format(cert.serial_number, "X") if cert else "",
        organisation=_name_part(cert, "organization_name") if cert else "",
        signed_at=signed_at,
        reason=str(embedded.sig_object.get("/Reason", "") or ""),
        location=str(embedded.sig_object.get("/Location", "") or ""),
    )


def _harmless(result) -> bool:
    """Later revisions that only add signatures or fill forms (what a second signer does) keep a signature valid."""
    level = getattr(result, "modification_level", None)
    return level is not None and level <= ModificationLevel.FORM_FILLING and getattr(result, "docmdp_ok", True)


ORDER = [Status.MODIFIED, Status.UNTRUSTED, Status.VALID]


def pdf_verify(pdf_bytes: bytes, *, trust_roots: list[x509.Certificate]) -> Verification:
    """The verdict on a PDF's signatures; the worst one decides (a modified seal spoils a valid signature)."""
    if not pdf_bytes.lstrip()[:5] == b"%PDF-":
        raise NotAPdfError
    roots = [_asn1(root) for root in trust_roots]
    try:
        embedded = PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_signatures
    except Exception:  # a PDF that no longer parses was changed since it was signed, or was never one we signed
        logger.info("verification: the PDF does not parse", exc_info=True)
        return Verification(status=Status.MODIFIED)
    if not embedded:
        return Verification(status=Status.UNSIGNED)
    reports = []
    for index, signature in enumerate(embedded):
        try:
            reports.append(_report(signature, roots, last=index == len(embedded) - 1))
        except Exception:  # a damaged signature dictionary or CMS blob: nothing to trust in it
            logger.info("verification: signature %s cannot be read", index, exc_info=True)
            reports.append(SignatureReport(status=Status.MODIFIED))
    worst = min((ORDER.index(r.status) for r in reports), default=ORDER.index(Status.VALID))
    return Verification(status=ORDER[worst], signatures=reports)
