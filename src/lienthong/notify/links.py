"""The link every message carries: the dossier's tracking page, signed, so it opens without typing the code or the
digits (issue 15 item 4). The signature names the code only, expires (LIENTHONG_TRACK_LINK_DAYS) and cannot be
made for another code without the site's SECRET_KEY."""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from lienthong.core.http import public_url

TRACK_LINK_SALT = "lienthong.notify.track-link"
OPT_OUT_SALT = "lienthong.notify.opt-out"


def track_token(code: str) -> str:
    return signing.dumps(code, salt=TRACK_LINK_SALT, compress=True)


def track_token_code(token: str) -> str | None:
    """The code a link was signed for, or None if the link was altered or is older than its lifetime."""
    try:
        code = signing.loads(token, salt=TRACK_LINK_SALT, max_age=settings.LIENTHONG_TRACK_LINK_DAYS * 86400)
    except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    return code if isinstance(code, str) else None


def track_link(code: str) -> str:
    """The absolute, signed link to the tracking page of dossier `code` (the bare page when there is no code)."""
    if not code:
        return public_url(reverse("portal:track"))
    return public_url(reverse("portal:track") + "?" + urlencode({"code": code, "t": track_token(code)}))


def opt_out_token(code: str) -> str:
    return signing.dumps(code, salt=OPT_OUT_SALT, compress=True)


def opt_out_code(token: str) -> str | None:
    try:
        code = signing.loads(token, salt=OPT_OUT_SALT, max_age=settings.LIENTHONG_TRACK_LINK_DAYS * 86400)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return code if isinstance(code, str) else None
