"""Officers' pages for complaints (/backoffice/pakn/): the list by urgency, one complaint with its history, and
its actions. Out of scope is 404, as for a complaint that does not exist; a refusal is a message, never a 500."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lienthong.complaints import services
from lienthong.complaints.access import (
    COMPLAINTS_REFUSED,
    complaint_can_handle,
    complaint_can_publish,
    complaints_allowed,
)
from lienthong.complaints.constants import OPEN, Status
from lienthong.complaints.errors import ComplaintError
from lienthong.complaints.forms import AnswerForm, ForwardForm, PublishForm, RefuseForm
from lienthong.complaints.models import Complaint
from lienthong.complaints.selectors import agencies_to_forward_to, complaint_for_page, complaint_list_for_officer
from lienthong.org.access import officer_required

PAGE_SIZE = 50
URGENCIES = ("", "late", "soon")
SHOWN = ("open", "all")


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    done: str
    statuses: tuple[str, ...]
    publish: bool = False

    def offered(self, scope, complaint: Complaint) -> bool:
        allowed = complaint_can_publish if self.publish else complaint_can_handle
        return complaint.status in self.statuses and allowed(scope, complaint)


ACTIONS = {
    action.name: action
    for action in [
        Action("accept", gettext_lazy("Tiếp nhận xử lý"), gettext_lazy("Đã tiếp nhận xử lý."), (Status.RECEIVED,)),
        Action("refuse", gettext_lazy("Từ chối tiếp nhận"), gettext_lazy("Đã từ chối tiếp nhận."), (Status.RECEIVED,)),
        Action("forward", gettext_lazy("Chuyển cơ quan khác"), gettext_lazy("Đã chuyển đến cơ quan khác."), OPEN),
        Action("answer", gettext_lazy("Trả lời"), gettext_lazy("Đã lưu nội dung trả lời."), (Status.ACCEPTED,)),
        Action("publish", gettext_lazy("Công khai"), gettext_lazy("Đã công khai trên cổng."), (Status.ANSWERED,),
               publish=True),
    ]
}  # fmt: skip


def _form(name: str, complaint: Complaint, data=None) -> forms.Form | None:
    match name:
        case "refuse":
            return RefuseForm(data)
        case "forward":
            return ForwardForm(data, queryset=agencies_to_forward_to(exclude_id=complaint.agency_id))
        case "answer":
            return AnswerForm(data)
        case "publish":
            return PublishForm(data, initial={"public_content": complaint.content})
    return None


def _guard(request: HttpRequest) -> None:
    if not complaints_allowed(request.scope):
        raise PermissionDenied(COMPLAINTS_REFUSED)


def _visible(request: HttpRequest, complaint_id: int) -> Complaint:
    _guard(request)
    complaint = complaint_for_page(scope=request.scope, complaint_id=complaint_id)
    if complaint is None:
        raise Http404(_("Không tìm thấy phản ánh, kiến nghị trong phạm vi của bạn."))
    return complaint


def _perform(name: str, complaint: Complaint, officer, data: dict) -> None:
    match name:
        case "accept":
            services.complaint_accept(complaint=complaint, officer=officer)
        case "refuse":
            services.complaint_refuse(complaint=complaint, officer=officer, reason=data["reason"])
        case "forward":
            services.complaint_forward(complaint=complaint, officer=officer, to_agency=data["agency"],
                                       note=data["note"])  # fmt: skip
        case "answer":
            services.complaint_answer(complaint=complaint, officer=officer, answer=data["answer"])
        case "publish":
            services.complaint_publish(complaint=complaint, officer=officer, public_content=data["public_content"])


@officer_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    _guard(request)
    urgency = request.GET.get("urgency", "") if request.GET.get("urgency", "") in URGENCIES else ""
    show = request.GET.get("show") if request.GET.get("show") in SHOWN else "open"
    complaints = complaint_list_for_officer(scope=request.scope, urgency=urgency, show=show)
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "urgency": urgency, "show": show, "now": timezone.now()}
    return render(request, "complaints/bo_list.html", context)


def _page(request, complaint: Complaint, *, forms_given=None, open_action: str = "", status: int = 200):
    forms_given = forms_given or {}
    panels = [
        (action, forms_given.get(action.name) or _form(action.name, complaint))
        for action in ACTIONS.values()
        if action.offered(request.scope, complaint)
    ]
    context = {"complaint": complaint, "panels": panels, "open_action": open_action, "now": timezone.now()}
    return render(request, "complaints/bo_detail.html", context, status=status)


@officer_required
def complaint_page(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _page(request, _visible(request, complaint_id))


@require_POST
@officer_required
def complaint_action(request: HttpRequest, complaint_id: int, name: str) -> HttpResponse:
    complaint = _visible(request, complaint_id)
    action = ACTIONS.get(name)
    if action is None:
        raise Http404(_("Thao tác không tồn tại."))
    if not action.offered(request.scope, complaint):
        messages.error(request, _("Bạn không thể thực hiện thao tác này đối với phản ánh, kiến nghị ở trạng thái "
                                  "hiện tại."))  # fmt: skip
        return _page(request, complaint, status=403)
    form = _form(name, complaint, request.POST)
    if form is not None and not form.is_valid():
        messages.error(request, _("Thông tin chưa hợp lệ, vui lòng kiểm tra lại."))
        return _page(request, complaint, forms_given={name: form}, open_action=name, status=400)
    try:
        _perform(name, complaint, request.user, form.cleaned_data if form is not None else {})
    except ComplaintError as error:
        messages.error(request, error.message)
        status = 403 if error.code == ComplaintError.NOT_PERMITTED else 400
        return _page(request, _visible(request, complaint_id), forms_given={name: form} if form else {},
                     open_action=name, status=status)  # fmt: skip
    messages.success(request, action.done)
    if complaint_for_page(scope=request.scope, complaint_id=complaint_id) is None:  # forwarded out of their reach
        return redirect("complaints_backoffice:list")
    return redirect("complaints_backoffice:detail", complaint_id=complaint_id)
