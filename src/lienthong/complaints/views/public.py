"""Public pages of complaints and recommendations (phan-anh-kien-nghi): published answers, the form, the
confirmation, the look-up. Plain forms, no JavaScript; the sender's personal data never appears here."""

from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lienthong.complaints import lookup
from lienthong.complaints.constants import PUBLIC_PAGE_SIZE, Status
from lienthong.complaints.errors import ComplaintError
from lienthong.complaints.forms import NO_AGENCY, LookupForm, SubmitForm
from lienthong.complaints.models import Complaint
from lienthong.complaints.selectors import agencies_to_choose_from, complaint_list_published, complaint_published
from lienthong.complaints.services import Sender, complaint_submit, guard_submit_rate
from lienthong.core.http import client_address, private_response
from lienthong.org.picker import agency_choices

RECEIVED_SALT = "lienthong.complaints.received"
RECEIVED_SECONDS = 24 * 3600  # the confirmation can be reopened for a day, e.g. after a lost connection
QUERY_MAX_LENGTH = 100


@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()[:QUERY_MAX_LENGTH]  # PostgreSQL refuses NUL
    page = Paginator(complaint_list_published(query=query), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/list.html", {"page": page, "query": query})


@require_GET
def complaint_detail(request: HttpRequest, code: str) -> HttpResponse:
    complaint = complaint_published(code=lookup.code_normalise(code))
    if complaint is None:
        raise Http404(_("Không tìm thấy phản ánh, kiến nghị đã công khai."))
    return render(request, "complaints/detail.html", {"complaint": complaint})


FIND_AGENCY, AGENCY_QUERY = "find-agency", "agency_q"


def _picker(form: SubmitForm, *, query: str = "") -> dict:
    """The concerned agency's search (portal/_agency_picker.html, org/picker.py) instead of a select of every agency."""
    chosen = str(form["agency"].value() or "")
    return {
        "name": "agency", "legend": form.fields["agency"].label, "url": reverse("complaints:agency-choices"),
        "choices": agency_choices(agencies=agencies_to_choose_from(), query=query,
                                  selected=int(chosen) if chosen.isdigit() else None),
        "errors": form.errors.get("agency", []) if form.is_bound else [],
        "search_label": _("Tìm cơ quan theo tên"), "none_label": NO_AGENCY,
        "hint": _("Gõ một phần tên cơ quan hoặc xã, phường rồi bấm Tìm; không chọn thì gửi cơ quan kiểm soát thủ tục "
                  "hành chính của tỉnh."),
    }  # fmt: skip


def _form_page(request, form, *, message: str = "", status: int = 200, query: str = "") -> HttpResponse:
    context = {"form": form, "message": message, "picker": _picker(form, query=query)}
    return private_response(render(request, "complaints/submit.html", context, status=status))


@require_GET
def agency_choices_fragment(request: HttpRequest) -> HttpResponse:
    """The agency search's choices for the typed words, as the picker's script asks for them (no personal data)."""
    selected = request.GET.get("selected", "")
    picker = {
        "name": "agency", "legend": SubmitForm.base_fields["agency"].label, "none_label": NO_AGENCY,
        "choices": agency_choices(agencies=agencies_to_choose_from(), query=request.GET.get("q", ""),
                                  selected=int(selected) if selected.isdigit() else None),
    }  # fmt: skip
    return render(request, "portal/_agency_choices.html", {"picker": picker})


@require_http_methods(["GET", "POST"])
def complaint_submit_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _form_page(request, SubmitForm())
    form = SubmitForm(request.POST)
    if request.POST.get("action") == FIND_AGENCY:  # the agency search without JavaScript: the same form, narrowed
        typed = SubmitForm(initial=request.POST.dict())  # kept as typed, not checked yet: no errors shown
        return _form_page(request, typed, query=request.POST.get(AGENCY_QUERY, ""))
    client = client_address(request)
    try:
        if form.is_spam():  # answered like a success, without a code; only the rate limit counts it
            guard_submit_rate(client=client)
            return private_response(render(request, "complaints/received.html", {"complaint": None}))
        if not form.is_valid():
            return _form_page(request, form, message=_("Thông tin chưa hợp lệ, vui lòng kiểm tra lại."), status=400)
        data = form.cleaned_data
        complaint = complaint_submit(
            kind=data["kind"],
            sender=Sender(name=data["sender_name"], phone=data["sender_phone"], email=data["sender_email"],
                          address=data["sender_address"]),
            title=data["title"], content=data["content"], concerned_agency=form.concerned_agency(),
            dossier_code=data["dossier_code"], client=client,
        )  # fmt: skip
    except ComplaintError as error:
        response = _form_page(request, form, message=error.message, status=429 if error.retry_after else 400)
        if error.retry_after:
            response["Retry-After"] = str(error.retry_after)
        return response
    token = signing.dumps(complaint.pk, salt=RECEIVED_SALT)
    return redirect(reverse("complaints:received", args=[token]))


@require_GET
def complaint_received(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation: the code and the answer deadline, through a signed link the submission hands out."""
    try:
        complaint_id = signing.loads(token, salt=RECEIVED_SALT, max_age=RECEIVED_SECONDS)
    except signing.BadSignature:
        complaint_id = None
    complaint = Complaint.objects.select_related("agency").filter(pk=complaint_id).first() if complaint_id else None
    if complaint is None:
        raise Http404(_("Liên kết xác nhận không hợp lệ hoặc đã hết hạn."))
    return private_response(render(request, "complaints/received.html", {"complaint": complaint}))


@require_GET
def complaint_lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET if request.GET else None)
    context: dict = {"form": form, "Status": Status}
    status = 200
    if form.is_valid():
        outcome = lookup.complaint_lookup(
            code=form.cleaned_data["code"], digits=form.cleaned_data["digits"], client=client_address(request)
        )
        if outcome.retry_after is not None:
            status, context["message"] = 429, lookup.TOO_MANY % {"seconds": outcome.retry_after}
        elif outcome.complaint is None:
            status, context["message"] = 404, lookup.NOT_FOUND
        else:
            context["complaint"] = outcome.complaint
    elif form.is_bound:
        status = 400
    response = private_response(render(request, "complaints/lookup.html", context, status=status))
    if status == 429:
        response["Retry-After"] = str(outcome.retry_after)
    return response
