"""A sender looks up their complaint with its code and the last four digits of the phone they gave, as a dossier
is tracked (`portal.tracking`): one answer for a wrong code and for wrong digits, after the same work, and the
same limits per client address and per code (LIENTHONG_TRACK_RATE_PER_IP, LIENTHONG_TRACK_RATE_PER_CODE)."""

import hmac
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lienthong.complaints.models import Complaint
from lienthong.core.lookup import NO_DIGITS, last_four, limited_lookup

NOT_FOUND = _("Không tìm thấy phản ánh, kiến nghị với mã và 4 số cuối điện thoại đã nhập.")
TOO_MANY = _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau %(seconds)s giây.")
CODE_PATTERN = re.compile(r"PAKN-[0-9]{6}-[0-9A-Z]{4,12}")
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})
LOOKUP_FIELDS = (
    "code", "kind", "status", "title", "received_at", "refusal_due_at", "answer_due_at", "refused_at",
    "refusal_reason", "answer", "answered_at", "published", "sender_phone", "agency__name",
)  # fmt: skip


def code_normalise(raw: str) -> str:
    return "".join((raw or "").split()).translate(_DASHES).upper()


def code_is_well_formed(code: str) -> bool:
    return CODE_PATTERN.fullmatch(code) is not None


@dataclass(frozen=True)
class LookupOutcome:
    complaint: Complaint | None = None
    retry_after: int | None = None


def complaint_matching(*, code: str, digits: str) -> Complaint | None:
    """The complaint with this code whose sender's phone ends in `digits`; both paths compare in constant time."""
    complaint = Complaint.objects.select_related("agency").only(*LOOKUP_FIELDS).filter(code=code).first()
    phone = last_four(complaint.sender_phone, digits_only=True) if complaint else NO_DIGITS
    matched = hmac.compare_digest(phone, digits.encode())
    return complaint if matched and complaint is not None else None


def complaint_lookup(*, code: str, digits: str, client: str) -> LookupOutcome:
    """One counted attempt (core.lookup, the tracking limits on counters of its own): refused past the limits, else
    the complaint or nothing."""
    complaint, retry_after = limited_lookup(scope="complaints:lookup", code=code, client=client,
                                            find=lambda: complaint_matching(code=code, digits=digits))  # fmt: skip
    return LookupOutcome(complaint=complaint, retry_after=retry_after)
