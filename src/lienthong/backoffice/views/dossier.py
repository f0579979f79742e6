"""The dossier page: header, timeline, steps, attachments, the actions this officer may take, the slips."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lienthong.backoffice.actions import ACTIONS, Situation, action_form, actions_offered
from lienthong.backoffice.views.common import visible_dossier
from lienthong.catalogue.fees import fee_texts
from lienthong.core.errors import DomainError
from lienthong.core.storedfiles import stored_file_response
from lienthong.dossiers import documents
from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.documents.pdf import EVENT_OF
from lienthong.dossiers.models import Attachment
from lienthong.dossiers.models.documents import DocumentKind
from lienthong.dossiers.selectors import financial_obligation_of, step_handlers
from lienthong.dossiers.services.errors import DossierError
from lienthong.notify.access import message_resend_allowed
from lienthong.notify.selectors import message_timeline
from lienthong.org.access import officer_required
from lienthong.org.constants import Role
from lienthong.payments.selectors import demand_of_dossier, receipts_of_dossier
from lienthong.signing.slips import SEALED_KINDS, slip_issue, slip_sealable


def _slips(dossier) -> list[tuple[str, str]]:
    """The forms this dossier has: one per event it went through, plus the control slip once received."""
    kinds = {event.kind for event in dossier.timeline}
    slips = [(kind.value, kind.label) for kind, event_kind in EVENT_OF.items() if event_kind in kinds]
    return sorted(slips)


def _page(request: HttpRequest, dossier, *, forms=None, open_action: str = "", status: int = 200) -> HttpResponse:
    handlers = step_handlers(dossier.timeline)
    for step in dossier.all_steps:  # who closed it, when it was taken from its role's pool (no assignee)
        step.handled_by = handlers.get(step.pk)
    situation = Situation(scope=request.scope, user=request.user, dossier=dossier)
    offered = actions_offered(situation)
    forms = forms or {}
    panels = [
        (action, forms.get(action.name) or action_form(action, situation), action.explain(situation) if action.explain
         else [])
        for action in offered
    ]  # fmt: skip
    fees = fee_texts(dossier.procedure_version.fees.all())
    return render(request, "backoffice/dossier.html", {
        "dossier": dossier, "panels": panels, "open_action": open_action, "slips": _slips(dossier),
        "slips_sealed": slip_sealable(dossier=dossier), "SEALED_KINDS": [str(k) for k in SEALED_KINDS],
        "now": timezone.now(), "EventKind": EventKind, "fees": fees,
        "obligation": financial_obligation_of(dossier.timeline),
        "sent_messages": message_timeline(dossier_id=dossier.pk),  # Zalo, SMS and e-mail (notify)
        "can_resend": message_resend_allowed(request.scope, agency_id=dossier.agency_id),
        "fee_demand": demand_of_dossier(dossier_id=dossier.pk) if any(fee.amount for fee in fees) else None,
        "receipts": receipts_of_dossier(dossier_id=dossier.pk) if any(fee.amount for fee in fees) else [],
        "finance": request.scope.holds(dossier.agency_id, Role.FINANCE) and not request.scope.is_superuser,
    }, status=status)  # fmt: skip


@officer_required
def dossier_page(request: HttpRequest, dossier_id: int) -> HttpResponse:
    return _page(request, visible_dossier(request, dossier_id))


@require_POST
@officer_required
def dossier_action(request: HttpRequest, dossier_id: int, name: str) -> HttpResponse:
    """One action from the page: the form is checked, then the service; any refusal comes back as a message with
    the officer's input kept in the form (status 400 or 403, never 500)."""
    dossier = visible_dossier(request, dossier_id)
    action = ACTIONS.get(name)
    if action is None:
        raise Http404(_("Thao tác không tồn tại."))
    situation = Situation(scope=request.scope, user=request.user, dossier=dossier)
    if not action.offered(situation):
        # Not offered on the page (a monitor, a superuser without roles, a step that is not theirs): refused here,
        # before the service, so that only the officers whose work it is can act from the back office.
        messages.error(request, _("Bạn không thể thực hiện thao tác này đối với hồ sơ ở trạng thái hiện tại."))
        return _page(request, dossier, status=403)
    form = action_form(action, situation, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Thông tin chưa hợp lệ, vui lòng kiểm tra lại."))
        return _page(request, dossier, forms={name: form}, open_action=name, status=400)
    try:
        action.perform(situation, form.cleaned_data)
    except DomainError as error:  # the dossier's services' refusals, and the payments' (a desk payment)
        messages.error(request, error.message)
        for line in error.details.get("errors", []) + error.details.get("missing", []):
            messages.error(request, line)
        status = 403 if error.code == DossierError.NOT_PERMITTED else 400
        return _page(request, visible_dossier(request, dossier_id), forms={name: form}, open_action=name,
                     status=status)  # fmt: skip
    messages.success(request, action.done_message(situation))
    return redirect("backoffice:dossier", dossier_id=dossier.pk)


@officer_required
def dossier_document(request: HttpRequest, dossier_id: int, kind: str, fmt: str) -> HttpResponse:
    """A slip of this dossier: Mẫu 01–06 as PDF (01–05 sealed by the agency when it has a seal), Mẫu 06 also as
    XLSX."""
    dossier = visible_dossier(request, dossier_id)
    if kind not in EVENT_OF or (fmt == "xlsx" and kind != DocumentKind.CONTROL_SLIP):
        raise Http404(_("Không có mẫu này."))
    try:
        if fmt == "xlsx":
            content, content_type = documents.control_slip_xlsx(dossier=dossier), XLSX
        else:
            content, content_type = slip_issue(dossier=dossier, kind=kind).content, "application/pdf"
    except DossierError as error:  # never happened; or the seal's key would not open (SigningError)
        messages.error(request, error.message)
        return redirect("backoffice:dossier", dossier_id=dossier.pk)
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if fmt == "xlsx" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="mau-{kind}-{dossier.code or dossier.pk}.{fmt}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@officer_required
def dossier_attachment(request: HttpRequest, dossier_id: int, attachment_id: int) -> HttpResponse:
    """A stored file, always as a download with its checked type (never rendered inline from our origin)."""
    dossier = visible_dossier(request, dossier_id)
    attachment = get_object_or_404(Attachment, pk=attachment_id, dossier=dossier)
    if not attachment.file:
        raise Http404(_("Tệp chưa được lưu (bản giấy)."))
    return stored_file_response(request, attachment.file, filename=attachment.original_name,
                                content_type=attachment.content_type)  # fmt: skip
