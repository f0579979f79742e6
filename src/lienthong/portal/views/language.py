"""The public pages' language switch: a plain link, so the pages carry no CSRF token (docs/performance.md).

It only sets a preference cookie — what Django's `set_language` sets — and goes back to the page it came from, so a
GET is acceptable here; the back office keeps the POST form to `i18n/setlang/`.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from lienthong.core.http import private_response

LANGUAGES = {code for code, _name in settings.LANGUAGES}


@require_GET
def language_choose(request: HttpRequest, language: str) -> HttpResponse:
    if language not in LANGUAGES:
        raise Http404
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("portal:home")
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return private_response(response)  # it sets a cookie: no shared cache keeps it
