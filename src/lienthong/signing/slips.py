"""The slips the desk issues (Mẫu 01–05: receipt, supplement request, refusal, apology, stop notice) sealed by the
agency (Decree 30/2020 art. 5, the SLIP profile): a sealed slip carries, in its stamp at the bottom left, a QR code of
its own verification page, and it is made once per event it reports — printed again, it is the same file, the one the
public page compares a copy with. An agency with no seal registered issues its slips unsigned, as before.

The control slip (Mẫu 06) and the tracking ledger (Mẫu 07) are the desk's own records, never handed to the
applicant, and change as the dossier moves: they are printed unsigned.
"""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.dossiers.documents import document_pdf
from lienthong.dossiers.documents.context import TITLES
from lienthong.dossiers.documents.pdf import form_source
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.models.documents import DocumentKind
from lienthong.signing import pdf
from lienthong.signing.constants import Profile
from lienthong.signing.models import SealedSlip, public_id_new
from lienthong.signing.seal import seal_pdf
from lienthong.signing.services import SigningError, seal_for, verification_url

# The slips handed to the applicant: the ones the agency seals.
SEALED_KINDS = (DocumentKind.RECEIPT, DocumentKind.SUPPLEMENT, DocumentKind.REFUSAL, DocumentKind.APOLOGY,
                DocumentKind.STOP)  # fmt: skip


@dataclass(frozen=True)
class Slip:
    """A slip as PDF, and its seal (None: printed unsigned — no seal registered, or a form that is never sealed)."""

    content: bytes
    sealed: SealedSlip | None


def slip_sealable(*, dossier: Dossier) -> bool:
    """Whether the dossier's slips come out sealed: its receiving agency has a valid seal."""
    return seal_for(agency=dossier.agency) is not None


def slip_issue(*, dossier: Dossier, kind: str) -> Slip:
    """Form `kind` of `dossier` as PDF, sealed by the dossier's agency when it has a seal (kinds of SEALED_KINDS): the
    file sealed at the first print, or sealed now. DossierError when the dossier never went through that event,
    SigningError when the seal is registered but its key cannot be used (nothing is stored)."""
    kind = DocumentKind(kind)
    if kind not in SEALED_KINDS:
        return Slip(content=document_pdf(dossier=dossier, kind=kind), sealed=None)
    _dossier, event = form_source(dossier=dossier, kind=kind)
    kept = SealedSlip.objects.filter(event=event, kind=kind).first()
    if kept is not None:
        return Slip(content=_read(kept), sealed=kept)
    content = document_pdf(dossier=dossier, kind=kind)
    seal = seal_for(agency=dossier.agency)
    if seal is None:
        return Slip(content=content, sealed=None)
    public_id, now = public_id_new(), timezone.now()
    title = str(TITLES[kind])
    stamp = pdf.StampInfo(signer_name=seal.subject, agency_name=dossier.agency.name, document_number=title,
                          url=verification_url(code=dossier.code, public_id=public_id), at=now)  # fmt: skip
    purpose = _("Đóng dấu số %(title)s của hồ sơ %(code)s") % {"title": title, "code": dossier.code}
    signed = seal_pdf(seal=seal, content=content, profile=Profile.SLIP, stamp=stamp, purpose=purpose,
                      unreadable=lambda error: SigningError(
                          SigningError.SIGNER_UNAVAILABLE, _("Không đóng dấu số được phiếu: %(why)s") % {"why": error}
                      ))  # fmt: skip
    slip = SealedSlip(public_id=public_id, dossier=dossier, event=event, kind=kind, title=title[:200],
                      sha256=hashlib.sha256(signed).hexdigest(), signer_serial=seal.serial,
                      signer_name=seal.subject, agency_name=dossier.agency.name, signed_at=now,
                      certificate=seal)  # fmt: skip
    slip.file.save(slip.original_name, ContentFile(signed), save=False)
    try:
        with transaction.atomic():
            slip.save()
    except IntegrityError:  # printed twice at once: the first seal stands, the same file for both
        slip.file.delete(save=False)
        kept = SealedSlip.objects.get(event=event, kind=kind)
        return Slip(content=_read(kept), sealed=kept)
    return Slip(content=signed, sealed=slip)


def _read(slip: SealedSlip) -> bytes:
    with slip.file.open("rb") as handle:
        return handle.read()
