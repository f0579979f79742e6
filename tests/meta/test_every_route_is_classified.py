"""Every route either is on the public allowlist or refuses an anonymous visitor (GOV.UK Notify's meta-test)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Routes anyone may open. A new route must be added here deliberately, or it must require a login.
PUBLIC = {
    r"^$",
    r"^i18n/setlang/$",
    r"^api/v1/health$",
    r"^api/v1/openapi\.json$",
    r"^api/v1/docs$",
    r"^api/v1/calendar/",
    r"^api/v1/catalogue/",
    r"^static/",
    r"^thu-tuc/",  # the public catalogue (portal)
    r"^tra-cuu/$",  # tracking by code: answers only with the code and the applicant's last four digits
    r"^tra-cuu/ket-qua/",  # a tracked dossier's electronic result: only through a signed link, valid 15 minutes
    r"^api/v1/track$",  # tracking by code as JSON: the same proof as the page, the same limits
    r"^ngon-ngu/",  # the public pages' language switch: sets the language cookie and goes back (portal)
    r"^tra-cuu/danh-gia/",  # rating a returned dossier: only through a signed link from a successful look-up
    r"^thong-ke/$",  # public statistics per unit and period, from the read model: aggregates only, cached
    r"^thong-ke/san-sang-so/$",  # the province's readiness headline: sums over communes, no commune or person named
    r"^tin-tuc/",  # news and announcements: read, rate and comment (moderated, rate-limited) without an account
    r"^tai-khoan/(dang-ky|xac-minh|dang-nhap|dang-xuat|quen-mat-khau)/$",  # citizens' sign-up, code, sign-in/out, reset
    r"^phan-anh-kien-nghi/",  # complaints: published answers, the form (honeypot, rate limit), code + 4 digits look-up
    r"^lien-thong/dvcqg/tep/",  # a dossier's file for the national portal: only through a signed, expiring link
    r"^v/",  # a signed result's verification page (its QR code): the address holds an unguessable id (signing)
    r"^healthz$",  # liveness for the load balancer: {"status": "ok"}, nothing else (ops)
    r"^readyz$",  # readiness: the word "ok" or what is unreachable per dependency, no personal data (ops)
    r"^metrics$",  # Prometheus: a bearer token or an allowed network (the test client's 127.0.0.1 is, by default)
    r"^thanh-toan/vnpay/ipn/",  # the payment gateway's callback: acted on only when its HMAC-SHA512 signature holds
    r"^thanh-toan/(ho-so/|ket-qua/)",  # paying: a link signed after the code + 4 digits look-up; the return page
}
ADMIN_PUBLIC = {"admin/login/", "admin/logout/"}
# Pages that send an anonymous visitor to a sign-in page, and which one.
SIGN_IN = {
    "/admin/": "/admin/login/",
    "/backoffice/": "/backoffice/login/",
    "/tai-khoan/ho-so/": "/tai-khoan/dang-nhap/",
    "/tai-khoan/thong-tin/": "/tai-khoan/dang-nhap/",  # what online applications take from the account
    "/nop-ho-so/": "/tai-khoan/dang-nhap/",  # online submission: a verified citizen's account only
}
BACKOFFICE_PUBLIC = {"backoffice/login/", "backoffice/logout/"}
# Not public, deliberately: /api/v1/systems/… (the connected systems' API, lienthong.gateway) authenticates by a
# system's API key (Authorization: Bearer) and answers 401 (a problem document) to a caller without one — or 405 to
# a GET on a POST-only route — so the check below covers it as it stands.


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _sample_url(route: str) -> str:
    """A concrete URL for a route: path converters get a plausible value."""
    url = route.lstrip("^").rstrip("$")
    url = re.sub(r"<(?:int:)?[\w]*(?:pk|id|object_id)>", "1", url)
    url = re.sub(r"<path:[\w]+>", "x", url)
    url = re.sub(r"<(?:\w+:)?(\w+)>", "x", url)
    url = re.sub(r"\(\?P<\w+>[^)]*\)", "x", url)
    return "/" + url.replace("\\", "")


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))


def test_routes_were_found():
    assert len(ROUTES) > 20


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_route_is_public_by_decision_or_refuses_anonymous_visitors(client, route):
    if any(re.search(pattern, route.lstrip("^")) for pattern in PUBLIC):
        return
    url = _sample_url(route)
    if url.lstrip("/") in ADMIN_PUBLIC | BACKOFFICE_PUBLIC:
        return
    response = client.get(url)
    sign_in = next((page for prefix, page in SIGN_IN.items() if url.startswith(prefix)), None)
    if sign_in:
        assert response.status_code in (302, 404, 405), f"{url} answered {response.status_code} to an anonymous visitor"
        if response.status_code == 302:
            assert response["Location"].startswith(sign_in)
    else:
        assert response.status_code in (401, 403, 404, 405), f"{url} is open to anyone but not on the allowlist"
