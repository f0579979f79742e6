"""Online submission (nộp hồ sơ trực tuyến): a draft the citizen fills in over any number of visits and devices,
its scans checked by content as they arrive, then one submission that becomes a dossier with its code.

Every write checks that the draft is the user's own and still open. Files are stored as soon as they are accepted
(so a form sent back for a typing mistake never asks for them again); a file refused is never stored.
"""

import hashlib
import uuid

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.catalogue.constants import OnlineLevel
from lienthong.catalogue.declaration import declaration_document, declaration_file_name, declaration_pdf
from lienthong.catalogue.models import ProcedureVersion, RequiredDocument
from lienthong.core.errors import DomainError
from lienthong.dossiers import services as dossier_services
from lienthong.dossiers.constants import Channel, ResultDelivery
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import Applicant, StoredFile
from lienthong.org.models import Agency
from lienthong.submission import selectors
from lienthong.submission.models import Draft, DraftFile

FILES_PER_DOCUMENT = 5  # pages of one paper; a scanned book is one PDF
FILES_PER_DRAFT = 40
ANSWER_MAX_CHARS = 2000  # one typed answer; the schema's own limits are checked on review


class SubmissionError(DomainError):
    NOT_OFFERED = "not_offered"
    TOO_MANY_DRAFTS = "too_many_drafts"
    TOO_MANY_FILES = "too_many_files"
    NOT_YOURS = "not_yours"
    INVALID_DESK = "invalid_desk"
    MISSING_DOCUMENTS = "missing_documents"
    INVALID_DELIVERY = "invalid_delivery"
    ALREADY_SUBMITTED = "already_submitted"


def _own_open(draft: Draft, user) -> Draft:
    """The draft locked for writing, if it is `user`'s and not yet submitted.

    A draft submitted meanwhile — a second click that waited here for the first one's lock — is ALREADY_SUBMITTED
    with the dossier's code, so the page shows that dossier rather than "not found"."""
    locked = Draft.objects.select_for_update().filter(pk=draft.pk, user=user, submitted_at__isnull=True).first()
    if locked is None:
        if code := selectors.draft_submitted_code(user=user, draft_id=draft.pk):
            raise SubmissionError(SubmissionError.ALREADY_SUBMITTED, _("Hồ sơ này đã được nộp."), dossier_code=code)
        raise SubmissionError(SubmissionError.NOT_YOURS, _("Không tìm thấy hồ sơ nháp này trong tài khoản của bạn."))
    return locked


def draft_start(*, user, version: ProcedureVersion, prefill: dict[str, str], address: str = "") -> Draft:
    """The user's open draft of this procedure, or a new one with what the citizen gave last time filled in and the
    desk of the commune in their address chosen (or the only desk there is)."""
    if version.online_level == OnlineLevel.OFFLINE or not version.is_current:
        raise SubmissionError(SubmissionError.NOT_OFFERED, _("Thủ tục này không được cung cấp trực tuyến."))
    with transaction.atomic():
        existing = Draft.objects.select_for_update().filter(user=user, version=version, submitted_at=None).first()
        if existing is not None:
            return existing
        if selectors.drafts_open(user=user).count() >= selectors.OPEN_DRAFTS_LIMIT:
            raise SubmissionError(
                SubmissionError.TOO_MANY_DRAFTS,
                _("Bạn đang có %(n)s hồ sơ nháp; hãy nộp hoặc xoá bớt trước khi tạo hồ sơ mới.")
                % {"n": selectors.OPEN_DRAFTS_LIMIT},
            )
        desks = selectors.desks_for(version)
        only = list(desks[:2])
        agency = only[0] if len(only) == 1 else selectors.desk_for_address(desks, address)
        return Draft.objects.create(
            user=user, version=version, agency=agency, answers={key: value for key, value in prefill.items() if value},
        )  # fmt: skip


@transaction.atomic
def draft_save(*, user, draft: Draft, answers: dict[str, str], agency: Agency | None, result_delivery: str) -> Draft:
    """Keep what was typed, as typed (checked on review); a desk or delivery not offered is refused now."""
    draft = _own_open(draft, user)
    if agency is not None and not selectors.desks_for(draft.version).filter(pk=agency.pk).exists():
        raise SubmissionError(SubmissionError.INVALID_DESK, _("Nơi nộp đã chọn không tiếp nhận thủ tục này."))
    if result_delivery not in ResultDelivery.values:
        raise SubmissionError(SubmissionError.INVALID_DELIVERY, _("Hình thức nhận kết quả không hợp lệ."))
    draft.answers = {str(key)[:100]: str(value)[:ANSWER_MAX_CHARS] for key, value in answers.items()}
    draft.agency, draft.result_delivery = agency, result_delivery
    draft.save(update_fields=["answers", "agency", "result_delivery", "updated_at"])
    return draft


def draft_file_add(*, user, draft: Draft, document: RequiredDocument, upload: File) -> DraftFile:
    """Check a scan by its content and keep it for `document`; refused (DossierError) → nothing is stored."""
    with transaction.atomic():
        draft = _own_open(draft, user)
        if document.version_id != draft.version_id:
            raise SubmissionError(SubmissionError.NOT_YOURS, _("Thành phần hồ sơ không thuộc thủ tục này."))
        files = draft.files.all()
        if files.count() >= FILES_PER_DRAFT or files.filter(required_document=document).count() >= FILES_PER_DOCUMENT:
            raise SubmissionError(
                SubmissionError.TOO_MANY_FILES,
                _("Mỗi thành phần nhận tối đa %(per)s tệp, mỗi hồ sơ %(all)s tệp.")
                % {"per": FILES_PER_DOCUMENT, "all": FILES_PER_DRAFT},
            )
        stored = dossier_services.upload_store(upload=upload, upload_to=f"drafts/{draft.pk}")
        try:
            kept = DraftFile.objects.create(
                draft=draft, required_document=document, file=stored.name, original_name=stored.original_name,
                content_type=stored.content_type, size=stored.size, sha256=stored.sha256,
            )  # fmt: skip
            draft.save(update_fields=["updated_at"])
        except Exception:
            default_storage.delete(stored.name)  # the row was not written: the file must not linger
            raise
    return kept


def draft_file_remove(*, user, draft: Draft, file_id: int) -> None:
    with transaction.atomic():
        draft = _own_open(draft, user)
        kept = draft.files.filter(pk=file_id).first()
        if kept is None:
            return  # already removed (a second click): nothing to do
        name = kept.file.name
        kept.delete()
        transaction.on_commit(lambda: default_storage.delete(name))


def draft_discard(*, user, draft: Draft) -> None:
    with transaction.atomic():
        draft = _own_open(draft, user)
        names = [kept.file.name for kept in draft.files.all()]
        draft.delete()
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def draft_missing_documents(*, draft: Draft) -> list[str]:
    """The mandatory documents without a file yet, in checklist order (an online dossier is its files): the desk's
    own completeness rule, with the uploaded files as the ticked boxes — and the declaration, filled in online, as
    its own (issue 11 item 2: the tờ khai typed on the page is not asked again as a scan)."""
    present = {kept.required_document_id for kept in draft.files.all()}
    if (declaration := declaration_document(draft.version)) is not None:
        present.add(declaration.pk)
    return dossier_services.documents_missing(version=draft.version, documents_present=present)


def _declaration_store(*, draft: Draft, applicant: Applicant, form_data: dict) -> StoredFile | None:
    """The filled declaration as the PDF the desk files with the dossier, stored like an upload; None without one."""
    declaration = declaration_document(draft.version)
    if declaration is None:
        return None
    pdf = declaration_pdf(version=draft.version, document=declaration, data=form_data, addressee=draft.agency.name,
                          signed_by=applicant.name, submitted_at=timezone.now())  # fmt: skip
    name = default_storage.save(f"drafts/{draft.pk}/{uuid.uuid4().hex}", ContentFile(pdf))
    return StoredFile(name=name, original_name=declaration_file_name(draft.version, declaration),
                      content_type="application/pdf", size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(),
                      required_document_id=declaration.pk)  # fmt: skip


def draft_submit(
    *, user, draft: Draft, applicant: Applicant, form_data: dict, actor_label: str, agency: Agency | None = None
) -> Dossier:
    """Submit the draft: the dossier is created with its code, adopts the files and the filled declaration (printed
    before the transaction: WeasyPrint takes a good part of a second, and SQLite's one write lock must not wait for
    it), and the draft is closed.

    `applicant` and `form_data` come from the form checked on the server; the dossier service checks the form data
    against the schema once more. A second click finds the draft submitted: ALREADY_SUBMITTED, with its code.
    `agency` is the desk the checked form names (the one chosen, or the one of the address's commune).
    """
    draft.agency = agency or draft.agency
    declaration = _declaration_store(draft=draft, applicant=applicant, form_data=form_data) if draft.agency else None
    try:
        return _draft_submit(user=user, draft=draft, applicant=applicant, form_data=form_data,
                             actor_label=actor_label, declaration=declaration, agency=draft.agency)  # fmt: skip
    except Exception:
        if declaration is not None:  # not adopted: nothing of it may linger
            default_storage.delete(declaration.name)
        raise


@transaction.atomic
def _draft_submit(*, user, draft: Draft, applicant: Applicant, form_data: dict, actor_label: str,
                  declaration: StoredFile | None, agency: Agency | None) -> Dossier:  # fmt: skip
    draft = _own_open(draft, user)
    draft.agency = agency
    if draft.agency_id is None or not selectors.desks_for(draft.version).filter(pk=draft.agency_id).exists():
        raise SubmissionError(SubmissionError.INVALID_DESK, _("Hãy chọn nơi nộp hồ sơ."))
    if missing := draft_missing_documents(draft=draft):
        raise SubmissionError(
            SubmissionError.MISSING_DOCUMENTS, _("Hồ sơ còn thiếu tệp của thành phần bắt buộc."), missing=missing
        )
    files = [
        StoredFile(name=kept.file.name, original_name=kept.original_name, content_type=kept.content_type,
                   size=kept.size, sha256=kept.sha256, required_document_id=kept.required_document_id)
        for kept in draft.files.order_by("required_document__position", "id")
    ]  # fmt: skip
    if declaration is not None:
        files.insert(0, declaration)
    dossier = dossier_services.dossier_submit_online(
        agency=draft.agency, version=draft.version, channel=Channel.OWN_PORTAL, applicant=applicant,
        form_data=form_data, result_delivery=draft.result_delivery, actor_label=actor_label, citizen=user,
        files=files,
    )  # fmt: skip
    draft.files.all().delete()  # the rows only: the stored files are the dossier's attachments now
    draft.submitted_at, draft.dossier = timezone.now(), dossier
    draft.save(update_fields=["submitted_at", "dossier", "agency", "updated_at"])
    return dossier
