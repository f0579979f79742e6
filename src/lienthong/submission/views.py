"""Online submission pages under /nop-ho-so/ (for a signed-in citizen): start, fill in and save, review, submit,
the confirmation with the dossier code, and sending a supplement. Parse, call a service, render; the rules live in
services and forms. Everything works without JavaScript: plain forms, one page per step."""

import dataclasses
from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lienthong.accounts import selectors as accounts
from lienthong.accounts.services import citizen_profile_complete
from lienthong.accounts.views import citizen_required
from lienthong.catalogue.declaration import declaration_document
from lienthong.catalogue.fees import amount_short
from lienthong.core.http import private_response
from lienthong.core.storedfiles import stored_file_response
from lienthong.dossiers.constants import Channel
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import (
    DossierError,
    StoredFile,
    dossier_supplement_send,
    supplement_items_asked,
    supplement_sent_at,
    upload_store,
)
from lienthong.dossiers.services.files import UPLOAD_ACCEPT
from lienthong.org.models import Agency
from lienthong.org.picker import agency_choices
from lienthong.payments.selectors import online_payment_on
from lienthong.payments.tokens import pay_token
from lienthong.submission import selectors, services
from lienthong.submission.forms import answers_of, application_form, held_by_account
from lienthong.submission.models import Draft
from lienthong.submission.services import SubmissionError

SAVE, REVIEW, REMOVE, FIND_AGENCY = "save", "review", "remove", "find-agency"
AGENCY, AGENCY_QUERY = "agency", "agency_q"


def _draft(request: HttpRequest, draft_id: int) -> Draft:
    draft = selectors.draft_of(user=request.user, draft_id=draft_id)
    if draft is None:
        if code := selectors.draft_submitted_code(user=request.user, draft_id=draft_id):
            raise SubmissionError(SubmissionError.ALREADY_SUBMITTED, _("Hồ sơ này đã được nộp."), dossier_code=code)
        raise Http404(_("Không tìm thấy hồ sơ nháp này trong tài khoản của bạn."))
    return draft


def _submitted_goes_to_its_dossier(view):
    """A draft already submitted (a second click, the back button) shows the confirmation, never an error."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except SubmissionError as failure:
            # Submitted already, or between this page's read and its write (a second click waited for the first).
            if failure.code != SubmissionError.ALREADY_SUBMITTED:
                raise
            return redirect("submission:done", code=failure.details["dossier_code"])

    return wrapped


def _prefill(request: HttpRequest) -> dict[str, str]:
    """What the account does not hold but the citizen gave in their last application (the other contact)."""
    held = held_by_account(request.citizen)
    return {name: value for name, value in selectors.last_applicant_details(user=request.user).items()
            if name not in held}  # fmt: skip


@require_http_methods(["GET", "POST"])
@citizen_required
def start(request: HttpRequest, national_code: str) -> HttpResponse:
    """GET explains and offers to start (a link must not create anything); POST starts or resumes the draft."""
    version = selectors.version_offered_online(national_code=national_code)
    if version is None:
        raise Http404(_("Thủ tục này không được cung cấp trực tuyến."))
    existing = selectors.drafts_open(user=request.user).filter(version=version).first()
    if existing is not None:
        return redirect("submission:edit", draft_id=existing.pk)
    error = None
    if request.method == "POST":
        try:
            draft = services.draft_start(user=request.user, version=version, prefill=_prefill(request),
                                         address=request.citizen.address)  # fmt: skip
        except SubmissionError as failure:
            error = failure.message
        else:
            return redirect("submission:edit", draft_id=draft.pk)
    documents = version.documents.order_by("position")
    declaration = declaration_document(version)
    context = {"version": version, "documents": documents, "error": error, "declaration": declaration}
    return private_response(render(request, "submission/start.html", context, status=400 if error else 200))


def _with_choices(draft: Draft) -> dict[str, str]:
    """The draft's answers with the desk and the delivery it holds (a new draft has them before any answer)."""
    chosen = {"result_delivery": draft.result_delivery}
    if draft.agency_id is not None:
        chosen["agency"] = str(draft.agency_id)
    return {**draft.answers, **chosen}


def _documents(draft: Draft, errors: dict[int, str]) -> list[dict]:
    files = list(draft.files.all())
    declaration = declaration_document(draft.version)
    return [
        {"document": doc, "files": [kept for kept in files if kept.required_document_id == doc.pk],
         "error": errors.get(doc.pk, ""), "input": f"file_{doc.pk}",
         "declaration": declaration is not None and doc.pk == declaration.pk}
        for doc in draft.version.documents.order_by("position")
    ]  # fmt: skip


def _store_uploads(request: HttpRequest, draft: Draft) -> dict[int, str]:
    """Keep every acceptable file sent with the form; the refusals, per document, in Vietnamese."""
    errors: dict[int, str] = {}
    declaration = declaration_document(draft.version)
    for doc in draft.version.documents.all():
        if declaration is not None and doc.pk == declaration.pk:
            continue  # filled in on the page, not uploaded
        for upload in request.FILES.getlist(f"file_{doc.pk}"):
            try:
                services.draft_file_add(user=request.user, draft=draft, document=doc, upload=upload)
            except (DossierError, SubmissionError) as failure:
                errors[doc.pk] = failure.message
    return errors


@require_http_methods(["GET", "POST"])
@citizen_required
@_submitted_goes_to_its_dossier
def edit(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Fill in the form and attach the scans; "Lưu nháp" keeps everything as typed, "Xem lại" checks it."""
    draft = _draft(request, draft_id)
    desks = selectors.desks_for(draft.version)
    profile = request.citizen
    if request.method == "GET":
        checking = request.GET.get("kiem-tra") == "1"
        answers = _with_choices(draft)
        form = application_form(draft.version, desks, data=answers if checking else None,
                                initial=None if checking else answers, profile=profile)  # fmt: skip
        if checking:
            form.is_valid()
        return _edit_page(request, draft, form, file_errors={}, missing=[])
    form = application_form(draft.version, desks, data=request.POST, profile=profile)
    agency = _agency_to_keep(request, draft, desks)
    try:
        services.draft_save(user=request.user, draft=draft, answers=answers_of(form, request.POST), agency=agency,
                            result_delivery=request.POST.get("result_delivery") or draft.result_delivery)  # fmt: skip
    except SubmissionError as failure:
        if failure.code == SubmissionError.ALREADY_SUBMITTED:
            raise  # submitted from another tab meanwhile: the decorator shows its dossier
        messages.error(request, failure.message)
        return _edit_page(request, draft, form, file_errors={}, missing=[], status=400)
    file_errors = _store_uploads(request, draft)
    draft = _draft(request, draft_id)  # the files just kept
    if remove := request.POST.get(REMOVE):
        if remove.isdigit():
            services.draft_file_remove(user=request.user, draft=draft, file_id=int(remove))
        return redirect("submission:edit", draft_id=draft.pk)
    if request.POST.get("action") == FIND_AGENCY:  # the desk search without JavaScript: the same page, narrowed
        return _edit_page(request, draft, form, file_errors=file_errors, missing=[], bound=False,
                          agency_query=request.POST.get(AGENCY_QUERY, ""))  # fmt: skip
    if request.POST.get("action") != REVIEW:
        if file_errors:
            return _edit_page(request, draft, form, file_errors=file_errors, missing=[], status=400, bound=False)
        messages.success(
            request, _("Đã lưu hồ sơ nháp. Bạn có thể tiếp tục trên bất kỳ thiết bị nào sau khi đăng nhập.")
        )
        return redirect("submission:edit", draft_id=draft.pk)
    missing = services.draft_missing_documents(draft=draft)
    if form.is_valid() and not file_errors and not missing:
        return redirect("submission:review", draft_id=draft.pk)
    return _edit_page(request, draft, form, file_errors=file_errors, missing=missing, status=400)


def _agency_to_keep(request: HttpRequest, draft: Draft, desks) -> Agency | None:
    """The desk the form names: the one ticked (a desk not offered, a forged request, keeps the one saved before;
    the form says why), else the desk of the commune in the address."""
    chosen = request.POST.get(AGENCY, "")
    if chosen.isdigit():
        return desks.filter(pk=int(chosen)).first() or draft.agency
    address = request.POST.get("applicant_address") or request.citizen.address
    return selectors.desk_for_address(desks, address)


def _agency_picker(draft: Draft, form, *, query: str = "") -> dict:
    """The desk search's context (portal/_agency_picker.html): the desk chosen first, then what the query finds."""
    chosen = draft.agency_id
    if form.is_bound and form.data.get(AGENCY, "").isdigit():
        chosen = int(form.data[AGENCY])
    choices = agency_choices(agencies=selectors.desks_for(draft.version), query=query, selected=chosen)
    errors = form.errors.get(AGENCY, []) if form.is_bound else []
    return {"name": AGENCY, "legend": _("Nơi nộp hồ sơ"), "choices": choices, "errors": errors,
            "search_label": _("Tìm nơi nộp theo tên xã, phường hoặc cơ quan"),
            "hint": _("Nơi nộp được chọn sẵn theo địa chỉ của bạn; gõ tên rồi bấm Tìm để chọn nơi khác."),
            "url": reverse("submission:agency-choices", args=[draft.pk])}  # fmt: skip


def _edit_page(request, draft, form, *, file_errors, missing, status=200, bound=True, agency_query="") -> HttpResponse:
    if not bound:  # keep what was typed without showing field errors the citizen has not asked to check
        form = application_form(draft.version, selectors.desks_for(draft.version), initial=_with_choices(draft),
                                 profile=request.citizen)  # fmt: skip
    return private_response(render(request, "submission/edit.html", {
        "draft": draft, "version": draft.version, "form": form, "documents": _documents(draft, file_errors),
        "missing": missing, "has_errors": bool(form.errors or file_errors or missing),
        "upload_limit": settings.LIENTHONG_UPLOAD_MAX_BYTES, "accept": UPLOAD_ACCEPT,
        "picker": _agency_picker(draft, form, query=agency_query),
        "profile_url": f"{reverse('accounts:profile')}?{urlencode({'next': request.path})}",
    }, status=status))  # fmt: skip


@require_GET
@citizen_required
@_submitted_goes_to_its_dossier
def agency_choices_fragment(request: HttpRequest, draft_id: int) -> HttpResponse:
    """The desk search's choices for the typed words, as the picker's script asks for them while the citizen types."""
    draft = _draft(request, draft_id)
    selected = request.GET.get("selected", "")
    choices = agency_choices(agencies=selectors.desks_for(draft.version), query=request.GET.get("q", ""),
                             selected=int(selected) if selected.isdigit() else None)  # fmt: skip
    picker = {"name": AGENCY, "legend": _("Nơi nộp hồ sơ"), "choices": choices}
    return private_response(render(request, "portal/_agency_choices.html", {"picker": picker}))


def _rows(form, bound_fields) -> list[tuple[str, str]]:
    """(label, value as the citizen reads it) of checked fields: a choice by its label, a box as Có/Không."""
    rows = []
    for bound in bound_fields:
        value, field = form.cleaned_data.get(bound.name), bound.field
        if isinstance(field, forms.BooleanField):
            value = _("Có") if value else _("Không")
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            value = dict(field.choices).get(value, value)
        elif hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        rows.append((str(bound.label), "" if value is None else str(value)))
    return rows


@require_http_methods(["GET", "POST"])
@citizen_required
@_submitted_goes_to_its_dossier
def review(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Everything as it will be sent; POST submits. A draft that no longer checks goes back to the form."""
    draft = _draft(request, draft_id)
    form = application_form(draft.version, selectors.desks_for(draft.version), data=_with_choices(draft),
                            profile=request.citizen)  # fmt: skip
    missing = services.draft_missing_documents(draft=draft)
    if not form.is_valid() or missing:
        return redirect(f"{request.path.rsplit('xem-lai/', 1)[0]}?kiem-tra=1")
    error = None
    if request.method == "POST":
        try:
            dossier = services.draft_submit(
                user=request.user, draft=draft, applicant=form.applicant(), form_data=form.form_data(),
                actor_label=request.citizen.full_name, agency=form.cleaned_data["agency"],
            )  # fmt: skip
            # what the account lacked and this application asked: the next one will not ask again
            citizen_profile_complete(profile=request.citizen, identity_number=dossier.applicant_id_number,
                                     address=dossier.applicant_address)  # fmt: skip
        except SubmissionError as failure:
            if failure.code == SubmissionError.ALREADY_SUBMITTED:
                raise  # the decorator shows the dossier it became
            error = failure
        except DossierError as failure:
            error = failure
        else:
            return redirect("submission:done", code=dossier.code)
    return private_response(render(request, "submission/review.html", {
        "draft": draft, "version": draft.version, "form": form, "documents": _documents(draft, {}),
        "agency": form.cleaned_data["agency"], "error": error, "agency_from_address": form.agency_from_address,
        "applicant_rows": form.held_rows + _rows(form, form.applicant_fields),
        "schema_rows": _rows(form, form.schema_fields),
    }, status=400 if error else 200))  # fmt: skip


@citizen_required
def done(request: HttpRequest, code: str) -> HttpResponse:
    dossier = Dossier.objects.filter(code=code, citizen=request.user).select_related("agency", "procedure_version")
    dossier = dossier.first()
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ trong tài khoản của bạn."))
    # Fees can be paid at once (issue 13 item 6): the pay link starts an attempt, making the demand if the worker
    # has not yet.
    fees_due = sum(fee.amount or 0 for fee in dossier.procedure_version.fees.all())
    context = {"dossier": dossier, "fees_due": amount_short(fees_due) if fees_due else ""}
    if fees_due and online_payment_on(dossier_id=dossier.pk):
        context["pay_token"] = pay_token(dossier.code)
    return private_response(render(request, "submission/done.html", context))


@require_http_methods(["GET", "POST"])
@citizen_required
def drafts(request: HttpRequest) -> HttpResponse:
    """The citizen's unfinished applications; POST discards one."""
    if request.method == "POST" and request.POST.get("discard", "").isdigit():
        draft = selectors.draft_of(user=request.user, draft_id=int(request.POST["discard"]))
        if draft is not None:
            services.draft_discard(user=request.user, draft=draft)
            messages.success(request, _("Đã xoá hồ sơ nháp."))
        return redirect("submission:drafts")
    listed = selectors.drafts_open(user=request.user).order_by("-updated_at")
    return private_response(render(request, "submission/drafts.html", {"drafts": listed}))


@citizen_required
def draft_file(request: HttpRequest, draft_id: int, file_id: int) -> HttpResponse:
    """One of the citizen's own uploads, always as a download under its original name (never rendered inline)."""
    draft = _draft(request, draft_id)
    kept = next((kept for kept in draft.files.all() if kept.pk == file_id), None)
    if kept is None:
        raise Http404(_("Không tìm thấy tệp."))
    response = stored_file_response(request, kept.file, filename=kept.original_name, content_type=kept.content_type)
    return private_response(response)


@require_http_methods(["GET", "POST"])
@citizen_required
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """Send online only what the desk asked for: one file input per item of the open request."""
    known = accounts.citizen_dossier_code(profile=request.citizen, code=code)
    dossier = Dossier.objects.filter(code=known).first() if known else None
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ trong tài khoản của bạn."))
    items = supplement_items_asked(dossier)
    sent_at = supplement_sent_at(dossier)
    # Sent online for what was submitted online here; anything else is answered where it came from (the page says).
    online = dossier.channel == Channel.OWN_PORTAL
    error, status = None, 200
    if request.method == "POST" and items and online and not sent_at:
        try:
            _send_supplement(request, dossier, items)
        except DossierError as failure:
            error, status = failure.message, 400
        else:
            messages.success(request, _("Đã gửi hồ sơ bổ sung. Cơ quan sẽ kiểm tra và thông báo cho bạn."))
            return redirect("accounts:my-dossier", code=dossier.code)
    return private_response(render(request, "submission/supplement.html", {
        "dossier": dossier, "items": [(f"item_{n}", item) for n, item in enumerate(items)], "error": error,
        "accept": UPLOAD_ACCEPT, "sent_at": sent_at, "online": online,
    }, status=status))  # fmt: skip


def _send_supplement(request: HttpRequest, dossier: Dossier, items: list[str]) -> None:
    """All or nothing: each file is checked as it is stored (upload_store), and a refused one names itself and takes
    the files stored before it away with the batch."""
    uploads = [(item, upload) for n, item in enumerate(items) for upload in request.FILES.getlist(f"item_{n}")]
    if not uploads:
        raise DossierError(DossierError.FILE_EMPTY, _("Chưa chọn tệp nào để gửi bổ sung."))
    stored: list[StoredFile] = []
    try:
        with transaction.atomic():
            for item, upload in uploads:
                kept = upload_store(upload=upload, upload_to=f"dossiers/{dossier.pk}")
                stored.append(dataclasses.replace(kept, description=item))
            dossier_supplement_send(
                dossier=dossier, files=stored, uploaded_by=request.user, actor_label=request.citizen.full_name,
                note=request.POST.get("note", "")[:1000],
            )  # fmt: skip
    except Exception:  # the batch is refused whole: its files must not linger
        for kept in stored:
            default_storage.delete(kept.name)
        raise
