"""A sender looks up their complaint with its code and the last four digits of the phone they gave, as a dossier
is tracked (`portal.tracking`): one answer for a wrong code and for wrong digits, after the same work, and the
same limits per client address and per code (LIENTHONG_TRACK_RATE_PER_IP, LIENTHONG_TRACK_RATE_PER_CODE)."""

import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lienthong.complaints.models import Complaint
from lienthong.core.ratelimit import rate_parse, window_hit, window_peek

NOT_FOUND = _("Không tìm thấy phản ánh, kiến nghị với mã và 4 số cuối điện thoại đã nhập.")
TOO_MANY = _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau %(seconds)s giây.")
CODE_PATTERN = re.compile(r"PAKN-[0-9]{6}-[0-9A-Z]{4,12}")
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})
_NO_DIGITS = b"\x00" * 4
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
    kept = [c for c in (complaint.sender_phone if complaint else "") if c.isdigit()][-4:]
    phone = "".join(kept).encode() if len(kept) == 4 else _NO_DIGITS
    matched = hmac.compare_digest(phone, digits.encode())
    return complaint if matched and complaint is not None else None


def complaint_lookup(*, code: str, digits: str, client: str) -> LookupOutcome:
    """One counted attempt: refused past the limits, else the complaint or nothing."""
    per_ip = rate_parse(settings.LIENTHONG_TRACK_RATE_PER_IP)
    per_code = rate_parse(settings.LIENTHONG_TRACK_RATE_PER_CODE)
    code_key = "complaints:lookup:code:" + hashlib.sha256(code.encode()).hexdigest()[:32]
    if per_ip is not None and not (verdict := window_hit("complaints:lookup:ip:" + client, per_ip)).allowed:
        return LookupOutcome(retry_after=verdict.retry_after)
    if per_code is not None and not (verdict := window_peek(code_key, per_code)).allowed:
        return LookupOutcome(retry_after=verdict.retry_after)
    complaint = complaint_matching(code=code, digits=digits)
    if complaint is None and per_code is not None:
        window_hit(code_key, per_code)
    return LookupOutcome(complaint=complaint)
