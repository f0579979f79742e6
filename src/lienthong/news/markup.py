"""An article body as safe HTML: plain text becomes paragraphs; HTML keeps only `constants.ALLOWED_TAGS`.

The admin form cleans the body when it is saved, and the page cleans it again when it is shown, so a row written
some other way (a script, the shell, an older version) still cannot carry a script to a reader.
"""

import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from lienthong.news.constants import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES

_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!]")


def body_clean(body: str) -> str:
    """What may be stored: plain text as written, HTML reduced to the allowed tags and attributes."""
    if not _LOOKS_LIKE_HTML.search(body or ""):
        return (body or "").strip()
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def body_html(body: str) -> SafeString:
    """What a reader's browser receives."""
    if not _LOOKS_LIKE_HTML.search(body or ""):
        return mark_safe(linebreaks(body or "", autoescape=True))  # noqa: S308 — linebreaks escaped the text
    return mark_safe(body_clean(body))  # noqa: S308 — nh3 removed every tag and attribute outside the allowlist
