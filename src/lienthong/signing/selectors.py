"""Reads for verification: the signed result a public link names, and the verdict on it or on an uploaded copy."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from lienthong.dossiers.models import Attachment
from lienthong.signing.constants import Profile, Status
from lienthong.signing.models import SealedSlip, SignedDocument
from lienthong.signing.trust import trust_roots
from lienthong.signing.verify import SignatureReport, Verification, pdf_verify


def signed_result_get(*, code: str, public_id: str) -> SignedDocument | None:
    """The signature `public_id` on a signed result of dossier `code` (with its result), or on an electronic copy
    certified from the original at its desk (signing/digitise.py), or None."""
    if len(public_id) > 32:
        return None
    result = Q(attachment__kind=Attachment.Kind.RESULT, attachment__signed_at__isnull=False)
    certified_copy = Q(profile=Profile.E_COPY, attachment__digitised_at__isnull=False)
    return (
        SignedDocument.objects.select_related("attachment", "attachment__dossier", "attachment__required_document",
                                              "attachment__digitised_by")
        .filter(result | certified_copy, public_id=public_id, attachment__dossier__code=code)
        .first()
    )  # fmt: skip


def signatures_of(*, attachment: Attachment) -> list[SignedDocument]:
    return list(attachment.signatures.order_by("signed_at", "id"))


@dataclass(frozen=True)
class SignatureRow:
    """A signature the agency recorded on a result (the leader's, the seal's), with what the file now says of it."""

    record: SignedDocument
    report: SignatureReport | None


def signature_rows(*, attachment: Attachment, check: "Check") -> list[SignatureRow]:
    """Each recorded signature in signing order, beside its verdict in the file (matched by certificate serial)."""
    reports = list(check.verification.signatures)
    rows = []
    for record in signatures_of(attachment=attachment):
        report = next((r for r in reports if r.signer_serial == record.signer_serial), None)
        if report is not None:
            reports.remove(report)
        rows.append(SignatureRow(record=record, report=report))
    return rows


@dataclass(frozen=True)
class Check:
    """The verdict on a PDF, and whether it is, byte for byte, the result as the agency stored it once signed."""

    verification: Verification
    same_as_issued: bool

    @property
    def status(self) -> str:
        return self.verification.status

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


def _expected_sha256(attachment: Attachment) -> str:
    last = attachment.signatures.order_by("-signed_at", "-id").first()
    return last.sha256 if last else attachment.sha256


def pdf_check(*, attachment: Attachment, content: bytes) -> Check:
    """A PDF judged on its own signatures, then compared by SHA-256 with the result as issued. Raises
    verify.NotAPdfError for something that is not a PDF."""
    verification = pdf_verify(content, trust_roots=trust_roots(), fetch=settings.LIENTHONG_SIGNING_REVOCATION_FETCH)
    same = hashlib.sha256(content).hexdigest() == _expected_sha256(attachment)
    return Check(verification=verification, same_as_issued=same)


def stored_check(*, attachment: Attachment) -> Check:
    """The verdict on the file the agency holds: a copy changed in storage shows as modified too."""
    with attachment.file.open("rb") as handle:
        content = handle.read()
    check = pdf_check(attachment=attachment, content=content)
    if not check.same_as_issued and check.status == Status.VALID:
        return Check(verification=Verification(status=Status.MODIFIED, signatures=check.verification.signatures),
                     same_as_issued=False)  # fmt: skip
    return check


# -- sealed slips (signing/slips.py): one signature, the agency's seal, on a file kept as issued ---------------------


def sealed_slip_get(*, code: str, public_id: str) -> SealedSlip | None:
    """The slip of dossier `code` sealed under `public_id`, or None."""
    if len(public_id) > 32:
        return None
    return SealedSlip.objects.select_related("dossier").filter(public_id=public_id, dossier__code=code).first()


def slip_check(*, slip: SealedSlip, content: bytes) -> Check:
    """A PDF judged on its own signatures, then compared by SHA-256 with the slip as issued."""
    verification = pdf_verify(content, trust_roots=trust_roots(), fetch=settings.LIENTHONG_SIGNING_REVOCATION_FETCH)
    return Check(verification=verification, same_as_issued=hashlib.sha256(content).hexdigest() == slip.sha256)


def slip_stored_check(*, slip: SealedSlip) -> Check:
    """The verdict on the slip the agency keeps: a copy changed in storage shows as modified."""
    with slip.file.open("rb") as handle:
        check = slip_check(slip=slip, content=handle.read())
    if not check.same_as_issued and check.status == Status.VALID:
        return Check(verification=Verification(status=Status.MODIFIED, signatures=check.verification.signatures),
                     same_as_issued=False)  # fmt: skip
    return check


def slip_rows(*, slip: SealedSlip, check: Check) -> list[SignatureRow]:
    """The slip's one signature (the seal) beside its verdict in the file."""
    report = next((r for r in check.verification.signatures if r.signer_serial == slip.signer_serial), None)
    return [SignatureRow(record=slip, report=report)]
