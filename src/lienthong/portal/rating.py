"""The link from a successful look-up to the rating form: signed, short-lived, naming the dossier by its code.

Only `/tra-cuu/` hands it out, after the code and the applicant's last four digits matched, so the form cannot be
posted for a dossier one did not look up. It holds the code (already in the look-up's own address), never digits.
"""

from django.core import signing

RATING_SALT = "lienthong.portal.rate"
RATING_LINK_SECONDS = 2 * 60 * 60  # time to read the form and answer it on a phone, not days


def rating_token(code: str) -> str:
    return signing.dumps(code, salt=RATING_SALT)


def code_for_rating_token(token: str) -> str | None:
    """The dossier code a still-valid token names, else None."""
    try:
        code = signing.loads(token, salt=RATING_SALT, max_age=RATING_LINK_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    return code if isinstance(code, str) else None
