"""Files of a dossier: scans taken at the desk, supplements, results — checked by content, stored by generated name."""

import hashlib
import uuid
from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from lienthong.catalogue.models import RequiredDocument
from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.file_content import FileRefusedError, content_check
from lienthong.dossiers.services.guards import require_dossier_role
from lienthong.org.constants import Role

# What a scan or an electronic result may be; sniffed from the bytes, never trusted from the name or the browser.
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
}
# What a file picker offers (the HTML `accept` attribute): the same types, by extension and by media type.
UPLOAD_ACCEPT = ",".join([".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", *ALLOWED_TYPES])
SNIFF_BYTES = 8192


def file_check(*, name: str, stream: IO[bytes], size: int) -> tuple[str, str]:
    """(content type, sha256) of an upload that may be kept; DossierError naming the file if it may not: empty, too
    large, not a PDF/JPEG/PNG/TIFF by its first bytes, or refused once parsed (file_content.content_check)."""
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
    try:
        content_check(mime=kind.mime, stream=stream)  # opens, carries nothing active, is no bomb
    except FileRefusedError as refused:
        reason = _("Tệp “%(name)s” %(reason)s") % {"name": name, "reason": refused.reason}
        raise DossierError(refused.code, reason) from refused
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    stream.seek(0)
    return kind.mime, digest.hexdigest()


@dataclass(frozen=True)
class StoredFile:
    """A file already checked (`file_check`) and stored under a generated name, waiting to join a dossier: what a
    citizen uploaded to an online draft, adopted by the dossier at submission without copying."""

    name: str  # the storage name
    original_name: str
    content_type: str
    size: int
    sha256: str
    required_document_id: int | None = None
    description: str = ""

    def described(self) -> dict:
        """What the event records of it."""
        return {"name": self.original_name, "size": self.size, "sha256": self.sha256,
                "document": self.required_document_id, "item": self.description}  # fmt: skip


def attachments_adopt(*, dossier: Dossier, files: list[StoredFile], kind: str, uploaded_by) -> list[Attachment]:
    """Make stored files the dossier's attachments; the caller has checked them and holds the transaction."""
    documents = set(dossier.procedure_version.documents.values_list("pk", flat=True)) if files else set()
    for stored in files:
        if stored.required_document_id is not None and stored.required_document_id not in documents:
            raise DossierError(DossierError.INVALID_TARGET, _("Thành phần hồ sơ không thuộc thủ tục của hồ sơ này."))
    return Attachment.objects.bulk_create(
        Attachment(dossier=dossier, kind=kind, required_document_id=stored.required_document_id,
                   description=stored.description, original_name=stored.original_name, file=stored.name,
                   content_type=stored.content_type, size=stored.size, sha256=stored.sha256, uploaded_by=uploaded_by)
        for stored in files
    )  # fmt: skip


def upload_store(*, upload: File, upload_to: str, original_name: str = "") -> StoredFile:
    """Check an upload and store it under `upload_to`/<random>; the name the browser sent is kept only as text."""
    name = original_name or (upload.name or "").rsplit("/", 1)[-1][:255] or _("tệp")
    content_type, sha256 = file_check(name=name, stream=upload, size=upload.size)
    stored = default_storage.save(f"{upload_to}/{uuid.uuid4().hex}", upload)
    return StoredFile(name=stored, original_name=name, content_type=content_type, size=upload.size, sha256=sha256)


# From forwarding on, the agency works on the dossier: what its officers attach then is what they produce.
RESULT_STATUSES = frozenset({Status.PROCESSING, Status.FINANCIAL_OBLIGATION, Status.RESULT_READY})


def attachment_kind_for(*, dossier: Dossier, required_document: RequiredDocument | None = None) -> str:
    """What a file an officer attaches is, unless they say (docs/dossiers.md, "Files and results"): filed under one
    of the procedure's documents, part of the application (or of the supplement asked for); otherwise, once the
    dossier is being processed — at a step, by the approving officer, at the desk before the return — a result of
    the processing; before that, part of the application. A result stays a result whatever happens next."""
    if dossier.status == Status.SUPPLEMENT_REQUESTED:
        return Attachment.Kind.SUPPLEMENT
    if required_document is None and dossier.status in RESULT_STATUSES:
        return Attachment.Kind.RESULT
    return Attachment.Kind.SUBMITTED


def dossier_results(*, dossier: Dossier) -> list[Attachment]:
    """The result files of the dossier that are stored (a paper result has none), in the order attached."""
    return list(dossier.attachments.filter(kind=Attachment.Kind.RESULT).exclude(file="").order_by("id"))


def attachment_result_signed(*, attachment: Attachment, content: bytes | None, signed_at) -> Attachment:
    """The signed version of a result replaces the file signed (docs/signing.md): the same row, so the result keeps
    its id, its number and the link to it; a new stored name, size and SHA-256, and the time it was signed. Called by
    the signing service within its transaction; the file replaced is removed once that commits. Without `content`,
    the stored file is already the signed one (signed elsewhere): only the time is kept."""
    if attachment.kind != Attachment.Kind.RESULT:
        raise DossierError(DossierError.INVALID_TARGET, _("Chỉ ký số tệp kết quả giải quyết."))
    if content is None:
        attachment.signed_at = signed_at
        attachment.save(update_fields=["signed_at"])
        return attachment
    old_name = attachment.file.name
    stored = default_storage.save(f"dossiers/{attachment.dossier_id}/{uuid.uuid4().hex}", ContentFile(content))
    # The draft goes once signed — unless another row points to the same stored file (the demo history's specimen).
    if old_name and not Attachment.objects.filter(file=old_name).exclude(pk=attachment.pk).exists():
        transaction.on_commit(lambda: default_storage.delete(old_name))
    attachment.file.name, attachment.size, attachment.signed_at = stored, len(content), signed_at
    attachment.sha256, attachment.content_type = hashlib.sha256(content).hexdigest(), "application/pdf"
    attachment.save(update_fields=["file", "size", "sha256", "content_type", "signed_at"])
    return attachment


@transaction.atomic
def attachment_add(
    *,
    officer,
    dossier: Dossier,
    upload: File,
    kind: str | None = None,
    required_document: RequiredDocument | None = None,
    result_code: str = "",
) -> Attachment:
    """Keep one file of the dossier under a generated name, with its checked type and its SHA-256; `kind` by
    `attachment_kind_for` unless the caller says. A result keeps its number and notation as issued (`result_code`),
    which the national portal lists it by."""
    require_dossier_role(officer, dossier, desk_roles=[Role.RECEIVER], step_roles=[Role.SPECIALIST, Role.LEADER])
    if required_document is not None and required_document.version_id != dossier.procedure_version_id:
        raise DossierError(DossierError.INVALID_TARGET, _("Thành phần hồ sơ không thuộc thủ tục của hồ sơ này."))
    kind = kind or attachment_kind_for(dossier=dossier, required_document=required_document)
    if kind == Attachment.Kind.RESULT and required_document is not None:
        raise DossierError(
            DossierError.INVALID_TARGET,
            _("Tệp kết quả giải quyết không phải một thành phần hồ sơ: bỏ chọn thành phần, hoặc chọn loại “%(kind)s”.")
            % {"kind": Attachment.Kind.SUBMITTED.label},
        )
    stored = upload_store(upload=upload, upload_to=f"dossiers/{dossier.pk}")
    try:
        return Attachment.objects.create(
            dossier=dossier, kind=kind, required_document=required_document, original_name=stored.original_name,
            file=stored.name, content_type=stored.content_type, size=stored.size, sha256=stored.sha256,
            uploaded_by=officer, result_code=result_code.strip()[:100] if kind == Attachment.Kind.RESULT else "",
        )  # fmt: skip
    except Exception:
        default_storage.delete(stored.name)  # the row was not written: the file must not linger
        raise
