"""Look-up by Zalo (issue 15 item 5): a citizen writes a dossier's code and the last four digits of the applicant's
phone (or identity number) to the province's Zalo Official Account, and gets back what the tracking page would show
first — the status, the due date — with the signed link to the page.

The same limited look-up as the page (`tracking.track_attempt`): the same counters per code (a code locked by misses
on the page is locked here too) and per client, the client being the Zalo user; the same one refusal, word for word,
whether the code does not exist or the digits do not match. notify receives the message (its webhook checks Zalo's
signature) and sends the answer; this face only reads, registered with notify at start-up (`apps.py`).

The OA answers in Vietnamese whatever the site's language: it speaks to citizens on Zalo.
"""

import re

from django.utils import translation

from lienthong.core.calendar import format_instant
from lienthong.notify.links import track_link
from lienthong.portal import tracking

# "<code> <four digits>", anywhere in the message ("Tra cứu 000.00.99.H19-260301-0001 5678" too).
QUERY = re.compile(r"(?P<code>[0-9A-Za-z][0-9A-Za-z.\-‐‑‒–—−]{5,59})\s+(?P<digits>[0-9]{4})\s*$")
USAGE = (
    "Để tra cứu hồ sơ, Ông/Bà gửi mã số hồ sơ và 4 số cuối số điện thoại (hoặc giấy tờ tùy thân) của người nộp, "
    "cách nhau một dấu cách. Ví dụ: 000.00.99.H19-260301-0001 5678"
)
DUE = "Hẹn trả kết quả: {due}."
LINK = "Xem chi tiết: {url}"


def zalo_lookup_reply(user_id: str, text: str) -> str:
    """The OA's answer to one message: the dossier's status and due date, the page's refusal, or how to ask."""
    match = QUERY.search(text.strip())
    with translation.override("vi"):
        if match is None or not user_id:
            return USAGE
        code = tracking.code_normalise(match["code"])
        if not tracking.code_is_well_formed(code):
            return str(tracking.NOT_FOUND)
        outcome = tracking.track_attempt(code=code, digits=match["digits"], client=f"zalo:{user_id}")
        if outcome.retry_after is not None:
            return str(tracking.TOO_MANY % {"seconds": outcome.retry_after})
        if outcome.facts is None:
            return str(tracking.NOT_FOUND)
        return _facts_text(outcome.facts)


def _facts_text(facts: tracking.TrackFacts) -> str:
    lines = [f"Hồ sơ {facts.code} ({facts.procedure}): {facts.status_text}"]
    if facts.due_at and not facts.returned_at:
        lines.append(DUE.format(due=format_instant(facts.due_at)))
    lines.append(LINK.format(url=track_link(facts.code)))
    return "\n".join(lines)
