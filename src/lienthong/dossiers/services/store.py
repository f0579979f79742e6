"""Digitised documents, signed results and the applicant's store of them (Decree 61 art. 25(3); Decision 766
group 4).

At the desk a paper document is scanned and certified as an electronic copy of the original — the signing app
signs it with the agency's seal and calls `document_digitised` with the signed file; the copy joins the dossier and
the applicant's store, keyed by their identity number and the document's kind, with its validity. When a dossier is
returned, its signed result joins the store too (`results_store`), keyed by the kind of result its procedure gives
(the catalogue's "Kết quả thực hiện"). A later dossier of the same person takes either from the store
(`document_reuse`) instead of asking for the paper again. Digitising and reusing write their events
(DOCUMENT_DIGITISED, DOCUMENT_REUSED): what the reporting read model and the national sync read; a stored result
names its result file (`source`), which the RETURNED event lists.
"""

import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.catalogue.models import RequiredDocument
from lienthong.core.text import fold
from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models import Attachment, Dossier, StoredDocument
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.eventlog import record_event
from lienthong.dossiers.services.guards import dossier_lock, require_dossier_role, require_status
from lienthong.org.constants import Role

# While the desk still holds the application: received, in processing, waiting for a supplement or a fee.
DIGITISABLE = frozenset({Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED,
                         Status.FINANCIAL_OBLIGATION})  # fmt: skip
NO_IDENTITY = "no_identity_number"
NOT_IN_STORE = "not_in_store"


_QUALIFIER = re.compile(r"\([^()]*\)")


def kind_of_name(name: str) -> str:
    """A document's name as a kind: folded (no accents, no case) and without what brackets qualify — "Giấy xác nhận
    tình trạng hôn nhân (nếu đăng ký tại nơi không phải nơi thường trú)" and "Giấy xác nhận tình trạng hôn nhân" are
    the same kind of document."""
    return " ".join(fold(_QUALIFIER.sub(" ", name)).split())[:200]


def document_kind_of(document: RequiredDocument) -> str:
    """A document's kind across procedures and versions: its catalogue code, else its name as a kind
    (`kind_of_name`), so "Giấy khai sinh" of two procedures is the same kind."""
    return document.code.strip()[:200] or kind_of_name(document.name)


def result_kinds_of(version) -> list[tuple[str, str]]:
    """The results a procedure version gives, as (kind, name) in the order its "Kết quả thực hiện" lists them
    (separated by ";"): "Giấy khai sinh (bản chính); bản sao Giấy khai sinh nếu có yêu cầu" gives the kind
    "giay khai sinh" first."""
    kinds = []
    for part in (version.result_type or "").split(";"):
        name = " ".join(_QUALIFIER.sub(" ", part).split()).strip(" .,")
        if name and kind_of_name(name):
            kinds.append((kind_of_name(name), name[:500]))
    return kinds


def _require_document(dossier: Dossier, document: RequiredDocument) -> None:
    if document.version_id != dossier.procedure_version_id:
        raise DossierError(DossierError.INVALID_TARGET, _("Thành phần hồ sơ không thuộc thủ tục của hồ sơ này."))


def _stored_copy(content: bytes, *, folder: str) -> str:
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}", ContentFile(content))


@transaction.atomic
def document_digitised(
    *, officer, dossier: Dossier, document: RequiredDocument, content: bytes, original_name: str,
    signer_serial: str, valid_until: dt.date | None = None,
) -> Attachment:  # fmt: skip
    """Keep the certified electronic copy (`content`, already signed by the agency) of paper document `document` as
    the dossier's file, marked digitised by `officer` now, and put it in the applicant's store (replacing an earlier
    copy of the same kind), with the DOCUMENT_DIGITISED event. No identity number: the copy is kept on the dossier,
    not in a store (nobody to key it to)."""
    dossier = dossier_lock(dossier)
    require_dossier_role(officer, dossier, desk_roles=[Role.RECEIVER], step_roles=[])
    require_status(dossier, DIGITISABLE, action=_("số hóa giấy tờ"))
    _require_document(dossier, document)
    now = timezone.now()
    if valid_until is not None and valid_until < timezone.localdate(now):
        raise DossierError(DossierError.INVALID_DEADLINE, _("Ngày hết hiệu lực của giấy tờ đã qua."))
    sha256 = hashlib.sha256(content).hexdigest()
    name = _stored_copy(content, folder=f"dossiers/{dossier.pk}")
    attachment = Attachment.objects.create(
        dossier=dossier, kind=Attachment.Kind.SUBMITTED, required_document=document, original_name=original_name[:255],
        file=name, content_type="application/pdf", size=len(content), sha256=sha256, uploaded_by=officer,
        is_paper_checked=True, digitised_at=now, digitised_by=officer,
    )  # fmt: skip
    stored = None
    identity = dossier.applicant_id_number.strip()
    if identity:
        kind = document_kind_of(document)
        StoredDocument.objects.filter(identity_number=identity, document_kind=kind, is_active=True).update(
            is_active=False)  # fmt: skip
        stored = StoredDocument.objects.create(
            identity_number=identity, document_kind=kind, name=document.name[:500],
            file=_stored_copy(content, folder="store"), size=len(content), sha256=sha256, source=attachment,
            agency=dossier.agency, digitised_at=now, digitised_by=officer, signer_serial=signer_serial,
            valid_until=valid_until,
        )  # fmt: skip
    record_event(dossier=dossier, kind=EventKind.DOCUMENT_DIGITISED, actor=officer, status_before=dossier.status,
                 payload=digitised_payload(attachment=attachment, document=document, signer_serial=signer_serial,
                                           stored=stored, valid_until=valid_until))  # fmt: skip
    return attachment


def digitised_payload(*, attachment, document: RequiredDocument, signer_serial: str, stored, valid_until=None) -> dict:
    """DOCUMENT_DIGITISED's payload, written here once for the desk's service and the demo history's replay."""
    return {"attachment": attachment.pk, "document": document.pk, "document_name": document.name,
            "sha256": attachment.sha256, "signer_serial": signer_serial, "stored": stored.pk if stored else None,
            "valid_until": valid_until.isoformat() if valid_until else None}  # fmt: skip


def reused_payload(*, attachment, document: RequiredDocument, stored) -> dict:
    """DOCUMENT_REUSED's payload, written here once for the desk's service and the demo history's replay."""
    return {
        "attachment": attachment.pk,
        "document": document.pk,
        "document_name": document.name,
        "stored": stored.pk,
        "sha256": stored.sha256,
        "digitised_at": stored.digitised_at.isoformat(),
    }


def history_store_write(entries: Sequence[StoredDocument]) -> None:
    """The demo history's store entries, with the ids its replay chose (their events name them), in bulk: the one
    other way into the store beside the services above, for dossiers replayed in the past (demo/history)."""
    StoredDocument.objects.bulk_create(entries, batch_size=500)


def results_store(returned: Sequence[tuple[Dossier, Sequence[Attachment]]], *, at: dt.datetime) -> list[StoredDocument]:
    """Each returned dossier's signed PDF results into its applicant's store (called by `dossier_return` and the
    gateway's batch of returns): the n-th signed result as the n-th result its procedure lists, replacing an earlier
    one of the same kind. Not stored: a result not signed (it proves nothing to a later desk), an applicant with no
    identity number, a procedure whose result the catalogue does not name."""
    made = []
    for dossier, results in returned:
        identity = dossier.applicant_id_number.strip()
        signed = [a for a in results if a.signed_at and a.content_type == "application/pdf" and a.file]
        if not identity or not signed:
            continue
        for (kind, name), result in zip(result_kinds_of(dossier.procedure_version), signed, strict=False):
            with result.file.open("rb") as handle:
                content = handle.read()
            StoredDocument.objects.filter(identity_number=identity, document_kind=kind, is_active=True).update(
                is_active=False)  # fmt: skip
            made.append(StoredDocument.objects.create(
                identity_number=identity, document_kind=kind, name=name, file=_stored_copy(content, folder="store"),
                size=len(content), sha256=hashlib.sha256(content).hexdigest(), source=result, agency=dossier.agency,
                digitised_at=result.signed_at or at, digitised_by=None,
            ))  # fmt: skip
    return made


def store_usable(*, identity_number: str, at: dt.date | None = None):
    """The applicant's stored documents that may be reused on `at` (today): active and still valid."""
    at = at or timezone.localdate()
    if not identity_number.strip():
        return StoredDocument.objects.none()
    return StoredDocument.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=at), identity_number=identity_number.strip(), is_active=True
    ).select_related("agency", "source__dossier")


def store_offers(*, dossier: Dossier) -> list[tuple[RequiredDocument, StoredDocument]]:
    """For each document of the dossier's procedure with no file yet, the stored copy of the applicant that fits."""
    documents = list(dossier.procedure_version.documents.all())
    if not documents or not dossier.applicant_id_number.strip():
        return []
    with_file = set(dossier.attachments.exclude(file="").values_list("required_document_id", flat=True))
    stored = {s.document_kind: s for s in store_usable(identity_number=dossier.applicant_id_number)
              .order_by("digitised_at", "id")}  # fmt: skip
    offers = []
    for document in documents:
        if document.pk in with_file or document.is_declaration:
            continue
        found = stored.get(document_kind_of(document))
        if found is not None:
            offers.append((document, found))
    return offers


@transaction.atomic
def document_reuse(*, officer, dossier: Dossier, document: RequiredDocument, stored: StoredDocument) -> Attachment:
    """Take `stored` from the applicant's store as the dossier's `document`, instead of asking for it again: a copy of
    the certified file joins the dossier, marked reused, with the DOCUMENT_REUSED event. Refused when it is not the
    applicant's, not of that kind, replaced or no longer valid."""
    dossier = dossier_lock(dossier)
    require_dossier_role(officer, dossier, desk_roles=[Role.RECEIVER], step_roles=[])
    require_status(dossier, DIGITISABLE, action=_("dùng lại giấy tờ đã số hóa"))
    _require_document(dossier, document)
    usable = store_usable(identity_number=dossier.applicant_id_number)
    stored = usable.filter(pk=stored.pk, document_kind=document_kind_of(document)).first()
    if stored is None:
        raise DossierError(NOT_IN_STORE, _("Giấy tờ này không có trong kho giấy tờ đã số hóa của người nộp, đã được "
                                           "thay thế hoặc đã hết hiệu lực."))  # fmt: skip
    return _reuse(dossier=dossier, document=document, stored=stored, actor=officer)


def _reuse(*, dossier: Dossier, document: RequiredDocument, stored: StoredDocument, actor) -> Attachment:
    with stored.file.open("rb") as handle:
        content = handle.read()
    attachment = Attachment.objects.create(
        dossier=dossier, kind=Attachment.Kind.SUBMITTED, required_document=document, original_name=stored.name[:255],
        file=_stored_copy(content, folder=f"dossiers/{dossier.pk}"), content_type="application/pdf",
        size=len(content), sha256=stored.sha256, uploaded_by=actor, digitised_at=stored.digitised_at,
        reused_from=stored,
    )  # fmt: skip
    record_event(
        dossier=dossier,
        kind=EventKind.DOCUMENT_REUSED,
        actor=actor,
        status_before=dossier.status,
        payload=reused_payload(attachment=attachment, document=document, stored=stored),
    )
    return attachment
