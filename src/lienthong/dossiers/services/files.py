"""Files of a dossier: scans taken at the desk, supplements, results — checked by content, stored by generated name."""

import hashlib
from typing import IO

import filetype
from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from lienthong.catalogue.models import RequiredDocument
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.guards import require_dossier_role
from lienthong.org.constants import Role

# What a scan or an electronic result may be; sniffed from the bytes, never trusted from the name or the browser.
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
}
SNIFF_BYTES = 8192


def file_check(*, name: str, stream: IO[bytes], size: int) -> tuple[str, str]:
    """(content type, sha256) of an upload that may be kept; DossierError naming the file if it may not."""
    if size <= 0:
        raise DossierError(DossierError.FILE_EMPTY, _("Tệp “%(name)s” rỗng.") % {"name": name})
    limit = settings.LIENTHONG_UPLOAD_MAX_BYTES
    if size > limit:
        raise DossierError(
            DossierError.FILE_TOO_LARGE,
            _("Tệp “%(name)s” lớn hơn giới hạn %(limit)s.") % {"name": name, "limit": filesizeformat(limit)},
        )
    stream.seek(0)
    kind = filetype.guess(stream.read(SNIFF_BYTES))
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise DossierError(
            DossierError.FILE_TYPE_NOT_ALLOWED,
            _("Tệp “%(name)s” không phải PDF, JPEG, PNG hoặc TIFF (kiểm tra theo nội dung tệp).") % {"name": name},
        )
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    stream.seek(0)
    return kind.mime, digest.hexdigest()


@transaction.atomic
def attachment_add(
    *,
    officer,
    dossier: Dossier,
    upload: File,
    kind: str = Attachment.Kind.SUBMITTED,
    required_document: RequiredDocument | None = None,
) -> Attachment:
    """Keep one file of the dossier under a generated name, with its checked type and its SHA-256."""
    require_dossier_role(officer, dossier, desk_roles=[Role.RECEIVER], step_roles=[Role.SPECIALIST, Role.LEADER])
    if required_document is not None and required_document.version_id != dossier.procedure_version_id:
        raise DossierError(DossierError.INVALID_TARGET, _("Thành phần hồ sơ không thuộc thủ tục của hồ sơ này."))
    name = (upload.name or "").rsplit("/", 1)[-1][:255] or _("tệp")
    content_type, sha256 = file_check(name=name, stream=upload, size=upload.size)
    attachment = Attachment(
        dossier=dossier, kind=kind, required_document=required_document, original_name=name,
        content_type=content_type, size=upload.size, sha256=sha256, uploaded_by=officer,
    )  # fmt: skip
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment
