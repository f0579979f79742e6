"""Digitising a paper document at the desk: the scan becomes an electronic copy certified from the original (the
E_COPY profile; chứng thực bản sao điện tử từ bản chính, Decree 23/2015 as amended by Decree 45/2020 art. 6(5)):
marked as converted from paper with the converter's name, signed by the certifying officer when they hold a
certificate at the agency, then sealed by the agency; its stamp carries the QR of its public verification page
(/v/<code>/<id>/), which says it is a certified copy. Then dossiers keeps it on the dossier and in the applicant's
store (`dossiers.services.store.document_digitised`), and the signatures are recorded (`SignedDocument`).

A scan may come as a PDF or as an image (JPEG, PNG, TIFF): an image becomes a one-page PDF first, as it is.
"""

import datetime as dt
import io

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.catalogue.models import RequiredDocument
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.services.files import file_check
from lienthong.dossiers.services.store import document_digitised
from lienthong.signing import pdf
from lienthong.signing.constants import Profile
from lienthong.signing.models import SignedDocument, SignerCertificate, public_id_new
from lienthong.signing.seal import seal_pdf
from lienthong.signing.services import SigningError, _sha256, certificate_for, seal_for, verification_url
from lienthong.signing.signers import SigningRefusedError

# Decree 45/2020 art. 12 / Decree 118/2025: a copy converted from paper says so, and who converted it.
CONVERTED_MARK = "Bản điện tử chuyển đổi từ bản giấy (bản chính)"
NO_SEAL = "no_agency_seal"


def _as_pdf(content: bytes, content_type: str) -> bytes:
    if content_type == "application/pdf":
        return content
    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(content)) as image:
        frames = []
        try:
            while True:
                frames.append(image.convert("RGB"))
                image.seek(image.tell() + 1)
        except EOFError:
            pass
        frames[0].save(out, format="PDF", resolution=200.0, save_all=True, append_images=frames[1:])
    return out.getvalue()


def _officer_name(officer) -> str:
    return (officer.get_full_name() or officer.get_username()).strip()


def attachment_digitise(
    *, officer, dossier: Dossier, document: RequiredDocument, upload: File, valid_until: dt.date | None = None
) -> Attachment:
    """Certify `upload` (the scan of paper document `document`) as an electronic copy of the original, sealed by the
    dossier's agency, and keep it (on the dossier, in the applicant's store). Refused with the reason when the agency
    has no seal or its key cannot be used, or when the scan is not a PDF or an image; nothing is kept then."""
    name = (upload.name or "").rsplit("/", 1)[-1][:200] or _("ban-quet")
    content_type, _sha = file_check(name=name, stream=upload, size=upload.size)
    seal = seal_for(agency=dossier.agency)
    if seal is None:
        raise SigningError(
            NO_SEAL,
            _(
                "Không số hóa được: %(agency)s chưa đăng ký chứng thư số của cơ quan (con dấu số) để chứng thực bản "
                "sao điện tử từ bản chính. Đề nghị cán bộ công nghệ thông tin đăng ký (Quản trị → Ký số)."
            )
            % {"agency": dossier.agency.name},
        )
    upload.seek(0)
    content = _as_pdf(upload.read(), content_type)
    now = timezone.now()
    public_id = public_id_new()
    purpose = _("Chứng thực bản sao điện tử “%(name)s” của hồ sơ %(code)s") % {"name": document.name,
                                                                             "code": dossier.code}  # fmt: skip
    content, signed = copy_certify(content, officer=officer, agency=dossier.agency, seal=seal, at=now,
                                   url=verification_url(code=dossier.code, public_id=public_id), purpose=purpose,
                                   name=name)  # fmt: skip
    stem = name.rsplit(".", 1)[0] if "." in name else name
    attachment = document_digitised(officer=officer, dossier=dossier, document=document, content=content,
                                    original_name=f"{stem}-so-hoa.pdf", signer_serial=seal.serial,
                                    valid_until=valid_until)  # fmt: skip
    SignedDocument.objects.bulk_create(
        SignedDocument(attachment=attachment, public_id=public_id if n == 0 else public_id_new(),
                       profile=Profile.E_COPY, sha256=sha256, signer_serial=certificate.serial,
                       signer_name=certificate.subject, agency_name=dossier.agency.name, signed_at=now,
                       signed_by=officer, certificate=certificate)
        for n, (certificate, sha256) in enumerate(signed)
    )  # fmt: skip
    return attachment


def copy_certify(content: bytes, *, officer, agency, seal: SignerCertificate, at: dt.datetime, url: str,
                 purpose: str, name: str) -> tuple[bytes, list[tuple[SignerCertificate, str]]]:  # fmt: skip
    """`content` certified as an electronic copy of the original: signed by the certifying officer when they hold a
    certificate at `agency`, then by the agency's seal (Decree 45/2020 art. 6(5)); the first stamp carries the
    "converted from paper" mark, the converter and, with `url`, the QR of the copy's verification page. Returns the
    signed file and each signature's (certificate, sha256 of the file after it)."""
    certifier = certificate_for(officer=officer, agency=agency)
    signers = [certifier, seal] if certifier is not None else [seal]
    signed = []
    for slot, certificate in enumerate(signers):
        first = slot == 0
        lines = (CONVERTED_MARK, f"Người chuyển đổi: {_officer_name(officer)}") if first else ()
        stamp = pdf.StampInfo(signer_name=certificate.subject, agency_name=agency.name, at=at, lines=lines,
                              url=url if first else "")  # fmt: skip
        content = _sign(content, certificate=certificate, purpose=purpose, stamp=stamp, slot=slot, name=name)
        signed.append((certificate, _sha256(content)))
    return content, signed


def _sign(content: bytes, *, certificate: SignerCertificate, purpose: str, stamp: pdf.StampInfo, slot: int,
          name: str) -> bytes:  # fmt: skip
    try:
        return seal_pdf(seal=certificate, content=content, profile=Profile.E_COPY, stamp=stamp, purpose=purpose,
                        slot=slot, unreadable=lambda _error: SigningError(
                            SigningError.RESULT_NOT_PDF,
                            _("Bản quét “%(name)s” không ký số được (không đọc được như một tệp PDF).") % {"name": name}
                        ))  # fmt: skip
    except SigningRefusedError as error:  # the certifying officer said no (or nothing) on the phone
        raise SigningError(SigningError.SIGNING_REFUSED,
                           _("Yêu cầu ký số bản sao đã không được xác nhận trên ứng dụng ký số từ xa (điện thoại): "
                             "giấy tờ chưa được số hóa. Nhấn “Số hóa giấy tờ” lại và xác nhận trên điện thoại."))\
            from error  # fmt: skip
