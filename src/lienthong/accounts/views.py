"""Citizens' account pages under /tai-khoan/: parse, call a service or selector, render (no rules here)."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lienthong.accounts import selectors, services
from lienthong.accounts.constants import SESSION_PENDING, ContactKind, Purpose
from lienthong.accounts.contacts import Contact
from lienthong.accounts.errors import AccountError, AccountErrorCode
from lienthong.accounts.forms import CodeForm, ContactForm, ProfileForm, ResetForm, SignInForm, SignUpForm
from lienthong.accounts.oidc import oidc_providers_offered
from lienthong.core.http import client_address, private_response
from lienthong.notify.selectors import message_timeline
from lienthong.portal import tracking
from lienthong.portal.offers import applicant_offers, applicant_todos
from lienthong.portal.tracking_reads import tracked_dossier

BACKEND = "django.contrib.auth.backends.ModelBackend"


def error_text(error: AccountError) -> str:
    """The Vietnamese (or English) sentence a citizen reads for each failure."""
    match error.code:
        case AccountErrorCode.CONTACT_TAKEN:
            return _("Thư điện tử hoặc số điện thoại này đã có tài khoản. Hãy đăng nhập, hoặc đặt lại mật khẩu.")
        case AccountErrorCode.SMS_UNAVAILABLE:
            return _(
                "Hệ thống này hiện chưa gửi được tin nhắn SMS, nên không thể xác minh bằng số điện thoại. "
                "Vui lòng dùng thư điện tử."
            )
        case AccountErrorCode.SEND_FAILED:
            return _("Chưa gửi được mã xác minh. Vui lòng thử lại sau ít phút.")
        case AccountErrorCode.RATE_LIMITED:
            return _("Bạn đã yêu cầu quá nhiều lần. Vui lòng thử lại sau %(seconds)s giây.") % {
                "seconds": error.retry_after
            }
        case AccountErrorCode.CODE_WRONG:
            return _("Mã xác minh không đúng. Bạn còn %(tries)s lần thử.") % {"tries": error.tries_left}
        case AccountErrorCode.CODE_LOCKED:
            return _("Bạn đã nhập sai mã quá 5 lần. Hãy bấm “Gửi lại mã” để nhận mã mới.")
        case AccountErrorCode.CODE_EXPIRED:
            return _("Mã xác minh đã hết hạn. Hãy bấm “Gửi lại mã” để nhận mã mới.")
        case AccountErrorCode.CODE_MISSING:
            return _("Mã xác minh không đúng hoặc đã được dùng. Hãy bấm “Gửi lại mã” để nhận mã mới.")
        case _:
            return _("Thông tin đăng nhập không đúng.")


def _status(error: AccountError) -> int:
    return {AccountErrorCode.RATE_LIMITED: 429, AccountErrorCode.SEND_FAILED: 503}.get(error.code, 400)


def _page(request: HttpRequest, template: str, context: dict, *, error: AccountError | None = None) -> HttpResponse:
    if error is not None:
        context["message"] = error_text(error)
    response = private_response(render(request, template, context, status=_status(error) if error else 200))
    if error is not None and error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


def _pending(request: HttpRequest, *, purpose: str, user_id: int | None, contact: Contact) -> None:
    request.session[SESSION_PENDING] = {
        "purpose": purpose, "user_id": user_id, "kind": contact.kind, "value": contact.value,
    }  # fmt: skip


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A verified citizen; anyone else signs in on the citizens' page (an officer's session is not one)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:sign-in"))
        profile = selectors.citizen_profile_of(request.user)
        if profile is None:
            raise PermissionDenied(_("Trang này dành cho tài khoản công dân."))
        request.citizen = profile
        return view(request, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sign_up = services.SignUp(contact=form.contact, full_name=data["full_name"], password=data["password1"],
                                  identity_number=data["identity_number"])  # fmt: skip
        try:
            user = services.citizen_sign_up(sign_up=sign_up, client=client_address(request))
        except AccountError as error:
            return _page(request, "accounts/sign_up.html", {"form": form}, error=error)
        _pending(request, purpose=Purpose.SIGN_UP, user_id=user.pk, contact=form.contact)
        return redirect("accounts:verify")
    return _page(request, "accounts/sign_up.html", {"form": form})


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(SESSION_PENDING)
    if not pending:
        return redirect("accounts:sign-up")
    contact = Contact(pending["kind"], pending["value"])
    resetting = pending["purpose"] == Purpose.PASSWORD_RESET
    form_class = ResetForm if resetting else CodeForm
    context = {"contact": contact, "resetting": resetting, "by_email": contact.kind == ContactKind.EMAIL}
    if request.method == "POST" and "resend" in request.POST:
        context["form"] = form_class()
        try:
            services.code_resend(user_id=pending["user_id"], contact=contact, purpose=pending["purpose"],
                                 client=client_address(request))  # fmt: skip
        except AccountError as error:
            return _page(request, "accounts/verify.html", context, error=error)
        context["sent_again"] = True
        return _page(request, "accounts/verify.html", context)
    form = context["form"] = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if resetting:
                user = services.password_reset_complete(user_id=pending["user_id"], code=form.cleaned_data["code"],
                                                        password=form.cleaned_data["password1"])  # fmt: skip
            else:
                user = services.citizen_verify(user_id=pending["user_id"], code=form.cleaned_data["code"])
        except AccountError as error:
            return _page(request, "accounts/verify.html", context, error=error)
        del request.session[SESSION_PENDING]
        login(request, user, backend=BACKEND)
        return redirect("accounts:my-dossiers")
    return _page(request, "accounts/verify.html", context)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    context = {"form": form, "next": next_url, "providers": oidc_providers_offered()}
    if request.method == "GET" and request.user.is_authenticated and selectors.citizen_profile_of(request.user):
        return redirect(next_url or "accounts:my-dossiers")  # the header's "Đăng nhập", followed when signed in
    if request.method == "POST" and form.is_valid():
        try:
            user = services.citizen_authenticate(contact=form.cleaned_data["contact"],
                                                 password=form.cleaned_data["password"],
                                                 client=client_address(request))  # fmt: skip
        except AccountError as error:
            return _page(request, "accounts/sign_in.html", context, error=error)
        login(request, user, backend=BACKEND)
        return redirect(next_url or "accounts:my-dossiers")
    return _page(request, "accounts/sign_in.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:home")


@require_http_methods(["GET", "POST"])
def password_forgotten(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = form.cleaned_data["contact"]
        try:
            user_id = services.password_reset_begin(contact=contact, client=client_address(request))
        except AccountError as error:
            return _page(request, "accounts/password_forgotten.html", {"form": form}, error=error)
        _pending(request, purpose=Purpose.PASSWORD_RESET, user_id=user_id, contact=contact)
        return redirect("accounts:verify")
    return _page(request, "accounts/password_forgotten.html", {"form": form})


@citizen_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    dossiers = list(selectors.citizen_dossiers(profile=request.citizen))
    todos = applicant_todos(dossiers)
    rows = [(dossier, todos.get(dossier.pk, [])) for dossier in dossiers]
    return _page(request, "accounts/my_dossiers.html", {"profile": request.citizen, "rows": rows})


@require_http_methods(["GET", "POST"])
@citizen_required
def profile(request: HttpRequest) -> HttpResponse:
    """What online applications take from the account (name, identity number, address), corrected by the citizen;
    the contact the account proved it owns is shown, not edited (it signs in)."""
    account = request.citizen
    initial = {"full_name": account.full_name, "identity_number": account.identity_number, "address": account.address}
    form = ProfileForm(request.POST or None, initial=initial)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        services.citizen_profile_update(profile=account, **form.cleaned_data)
        messages.success(request, _("Đã lưu thông tin tài khoản."))
        return redirect(next_url or "accounts:profile")
    return _page(request, "accounts/profile.html", {"form": form, "profile": account, "next": next_url})


@citizen_required
def my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    """The tracking page's facts for a dossier already proven to be the citizen's (no code and digits asked)."""
    known = selectors.citizen_dossier_code(profile=request.citizen, code=code)
    dossier = tracked_dossier(code=known) if known else None
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ trong tài khoản của bạn."))
    facts = tracking.track_facts(dossier)
    sent = message_timeline(dossier_id=dossier.pk, with_not_sent=False)  # every message sent about it
    return _page(
        request, "accounts/my_dossier.html", {"facts": facts, "sent_messages": sent, **applicant_offers(facts)}
    )
