"""Verification of a signed PDF against the configured trust store (trust.py), never the OS store.

VALID: every signature is intact, its certificate chains to a trusted root, and the last one covers the whole file;
MODIFIED: a byte under a signature changed, or something was added after the last signature that a signature does
not allow, or the file no longer opens as the PDF that was signed; UNTRUSTED: intact, but the chain ends at a root
the trust store does not hold; REVOKED: intact, but the signer's certificate was revoked, as the revocation data
embedded in the document (B-LT: its DSS) says or, with `fetch`, as its CA's OCSP responder or CRL answers now;
UNSIGNED: a PDF with no signature. Revocation that cannot be learnt (a B-B signature, fetching off or a responder
down) does not spoil a signature: "soft-fail", as a reader does (docs/signing.md).
"""

import asyncio
import datetime as dt
import io
import logging
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, RevokedError, ValidationError
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

from lienthong.signing.constants import Status

logger = logging.getLogger(__name__)
FETCH_TIMEOUT = 5  # seconds per OCSP or CRL request, when fetching: the public page answers within a few of them


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
    timestamped_at: dt.datetime | None = None  # the TSA's time (B-T and above), when its token validates
    revocation_embedded: bool = False  # the document carries revocation data (a DSS): B-LT

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


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


def _context(dss: DocumentSecurityStore | None, roots: list[asn1_x509.Certificate], *, fetch: bool):
    """Validation against the trust store and the document's own revocation data; the network only with `fetch`
    (bounded by FETCH_TIMEOUT per request)."""
    kwargs = {"trust_roots": roots, "allow_fetching": fetch, "revocation_mode": "soft-fail"}
    if fetch:
        kwargs["fetcher_backend"] = RequestsFetcherBackend(per_request_timeout=FETCH_TIMEOUT)
    return dss.as_validation_context(kwargs) if dss else ValidationContext(**kwargs)


def _report(embedded, roots: list[asn1_x509.Certificate], *, last: bool, dss, fetch: bool) -> SignatureReport:
    # the signature's timestamp token (B-T and above) is judged against the same roots and revocation data
    signer_context, timestamp_context = _context(dss, roots, fetch=fetch), _context(dss, roots, fetch=fetch)
    result = validate_pdf_signature(embedded, signer_context, ts_validation_context=timestamp_context)
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
    elif result.revoked:
        status = Status.REVOKED
    elif not result.trusted:
        status = Status.UNTRUSTED
    else:
        status = Status.VALID
    signed_at = result.signer_reported_dt
    stamp = result.timestamp_validity
    return SignatureReport(
        status=status,
        signer_name=_name_part(cert, "common_name") if cert else "",
        signer_serial=format(cert.serial_number, "X") if cert else "",
        organisation=_name_part(cert, "organization_name") if cert else "",
        signed_at=signed_at,
        reason=str(embedded.sig_object.get("/Reason", "") or ""),
        location=str(embedded.sig_object.get("/Location", "") or ""),
        timestamped_at=stamp.timestamp if stamp and stamp.intact and stamp.valid else None,
        revocation_embedded=dss is not None and bool(dss.ocsps or dss.crls),
    )


def _dss(reader: PdfFileReader) -> DocumentSecurityStore | None:
    try:
        return DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return None


def _harmless(result) -> bool:
    """Later revisions that only add signatures or fill forms (what a second signer does) keep a signature valid."""
    level = getattr(result, "modification_level", None)
    return level is not None and level <= ModificationLevel.FORM_FILLING and getattr(result, "docmdp_ok", True)


ORDER = [Status.MODIFIED, Status.REVOKED, Status.UNTRUSTED, Status.VALID]


def pdf_verify(pdf_bytes: bytes, *, trust_roots: list[x509.Certificate], fetch: bool = False) -> Verification:
    """The verdict on a PDF's signatures; the worst one decides (a modified seal spoils a valid signature). With
    `fetch`, revocation not embedded in the document is asked of the OCSP responders and CRLs its certificates name."""
    if not pdf_bytes.lstrip()[:5] == b"%PDF-":
        raise NotAPdfError
    roots = [_asn1(root) for root in trust_roots]
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        embedded = reader.embedded_signatures
        dss = _dss(reader)
    except Exception:  # a PDF that no longer parses was changed since it was signed, or was never one we signed
        logger.info("verification: the PDF does not parse", exc_info=True)
        return Verification(status=Status.MODIFIED)
    if not embedded:
        return Verification(status=Status.UNSIGNED)
    reports = []
    for index, signature in enumerate(embedded):
        try:
            reports.append(_report(signature, roots, last=index == len(embedded) - 1, dss=dss, fetch=fetch))
        except Exception:  # a damaged signature dictionary or CMS blob: nothing to trust in it
            logger.info("verification: signature %s cannot be read", index, exc_info=True)
            reports.append(SignatureReport(status=Status.MODIFIED))
    worst = min((ORDER.index(r.status) for r in reports), default=ORDER.index(Status.VALID))
    return Verification(status=ORDER[worst], signatures=reports)


def certificate_revoked(certificate: x509.Certificate, *, chain: list[x509.Certificate],
                        trust_roots: list[x509.Certificate]) -> bool:  # fmt: skip
    """Whether the certificate's CA says now, by the OCSP responder or CRL the certificate names (fetched), that it
    is revoked. False when that cannot be learnt (no address, a responder down, a chain to no trusted root)."""
    context = ValidationContext(trust_roots=[_asn1(root) for root in trust_roots], allow_fetching=True,
                                other_certs=[_asn1(cert) for cert in chain], revocation_mode="soft-fail",
                                fetcher_backend=RequestsFetcherBackend(per_request_timeout=FETCH_TIMEOUT))  # fmt: skip
    validator = CertificateValidator(_asn1(certificate), [_asn1(cert) for cert in chain], context)
    try:
        asyncio.run(validator.async_validate_usage(set()))
    except RevokedError:
        return True
    except (PathBuildingError, ValidationError):
        return False
    return False
