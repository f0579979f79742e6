"""Digitising a paper document at the desk: the scan becomes an electronic copy certified from the original (the
E_COPY profile), marked as converted from paper with the converter's name, and signed with the agency's seal; then
dossiers keeps it on the dossier and in the applicant's store (`dossiers.services.store.document_digitised`).

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
from lienthong.signing.seal import seal_pdf
from lienthong.signing.services import SigningError, seal_for

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
    stamp = pdf.StampInfo(signer_name=seal.subject, agency_name=dossier.agency.name, at=now,
                          lines=(CONVERTED_MARK, f"Người chuyển đổi: {_officer_name(officer)}"))  # fmt: skip
    purpose = _("Chứng thực bản sao điện tử “%(name)s” của hồ sơ %(code)s") % {"name": document.name,
                                                                             "code": dossier.code}  # fmt: skip
    signed = seal_pdf(seal=seal, content=content, profile=Profile.E_COPY, stamp=stamp, purpose=purpose,
                      unreadable=lambda _error: SigningError(
                          SigningError.RESULT_NOT_PDF,
                          _("Bản quét “%(name)s” không ký số được (không đọc được như một tệp PDF).") % {"name": name}
                      ))  # fmt: skip
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return document_digitised(officer=officer, dossier=dossier, document=document, content=signed,
                              original_name=f"{stem}-so-hoa.pdf", signer_serial=seal.serial,
                              valid_until=valid_until)  # fmt: skip
