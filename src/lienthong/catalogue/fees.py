"""Fees as people read them (Decree 61 art. 13: the fee is part of what a procedure publishes) — one wording for the
procedure page, the tracking page, the e-mails to the applicant, the desk's pages and the receipt (Mẫu 01): the amount
in đồng, the public description, and — where no official has checked the amount against the legal text — a plain
caveat instead of a figure presented as settled.

Internal notes (`Fee.internal_note`) never reach these texts, and a reviewer's marker left in a description
("chưa đối chiếu", "nguồn thứ cấp") is dropped: whether an amount was checked is what `Fee.verified` records.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from lienthong.catalogue.models import Fee
from lienthong.core.text import number_grouped


def amount_text(amount: int) -> str:
    """ "8.000 đồng" (dots group the thousands in Vietnamese); free when the amount is zero."""
    if amount == 0:
        return _("Miễn phí")
    return _("%(amount)s đồng") % {"amount": number_grouped(amount)}


def vnd(amount: int) -> str:
    """ "1.500.000 đồng" whatever the language: how Vietnamese documents (the slips) write money."""
    return f"{amount:,} đồng".replace(",", ".")


# Reviewers' markers, lower-case: a clause made of one of these is a working note, not information for anyone.
REVIEW_MARKERS = ("chưa đối chiếu", "nguồn thứ cấp", "chưa kiểm chứng", "dữ liệu mẫu")
_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")
_CLAUSES = re.compile(r"(;\s*|(?<=\.)\s+)")  # a semicolon, or a full stop ending a sentence (not 8.000)


def _is_marker(clause: str) -> bool:
    return any(marker in clause.lower() for marker in REVIEW_MARKERS)


def _without_markers(text: str) -> str:
    """`text` split at its separators, the clauses that are markers dropped with the separator before them."""
    parts = _CLAUSES.split(text)
    kept, separator = [], ""
    for index, part in enumerate(parts):
        if index % 2:  # a separator
            separator = part
            continue
        if part.strip() and not _is_marker(part):
            kept.append((separator if kept else "") + part)
        separator = ""
    return "".join(kept).strip()


def fee_note_clean(text: str) -> str:
    """The description without reviewers' markers: in parentheses or as clauses of their own."""
    if not _is_marker(text or ""):
        return (text or "").strip()

    def inside(match: re.Match) -> str:
        if not _is_marker(match.group(1)):
            return match.group(0)
        kept = _without_markers(re.sub(r",\s*", "; ", match.group(1)))
        return f" ({kept})" if kept else ""

    cleaned = _without_markers(_PARENTHESES.sub(inside, text).strip()).rstrip(" ;,")
    if cleaned and text.rstrip().endswith(".") and not cleaned.endswith("."):
        cleaned += "."  # the sentence ended where a marker was cut off
    return cleaned


@dataclass(frozen=True)
class FeeText:
    name: str
    amount: int | None  # đồng; 0 = nothing to pay; None = the catalogue gives no single amount
    description: str  # how it is charged, who is exempt — without reviewers' markers
    verified: bool  # the amount was checked against the legal text

    @property
    def amount_text(self) -> str:
        """ "8.000 đồng", "Miễn phí", or "" when the published text gives no single amount."""
        return "" if self.amount is None else amount_text(self.amount)

    @property
    def caveat(self) -> str:
        """What the citizen must know of an amount no official has confirmed yet."""
        if self.verified:
            return ""
        if self.amount_text:
            return _(
                "Mức thu tham khảo, chưa được cơ quan có thẩm quyền xác nhận; "
                "số tiền phải nộp được thông báo khi tiếp nhận hồ sơ."
            )
        return _("Số tiền phải nộp được thông báo khi tiếp nhận hồ sơ.")

    @property
    def line(self) -> str:
        """One line for a plain-text message: "Lệ phí …: 8.000 đồng (…)"."""
        head = f"{self.name}: {self.amount_text}" if self.amount_text else self.name
        details = " ".join(part for part in (self.description, self.caveat) if part)
        return f"{head} — {details}" if details else head


def fee_text(fee: Fee) -> FeeText:
    return FeeText(name=fee.name, amount=fee.amount, description=fee_note_clean(fee.description), verified=fee.verified)


def fee_texts(fees: Iterable[Fee]) -> list[FeeText]:
    """The fees in the catalogue's order (`version.fees.all()`, prefetched or not)."""
    return [fee_text(fee) for fee in sorted(fees, key=lambda fee: fee.pk)]


FEES_KEY, FEES_TTL = "catalogue:fees:v2:{version}", 5 * 60


def fee_texts_of_version(version_id: int) -> list[FeeText]:
    """The published fees of a procedure version from the cache (no query on a hit; a catalogue change shows within
    minutes): the tracking page is the hottest public path and spends its few queries on the dossier itself."""
    key = FEES_KEY.format(version=version_id)
    rows = cache.get(key)
    if rows is None:
        fees = Fee.objects.filter(version_id=version_id).order_by("id")
        rows = [(fee.name, fee.amount, fee_note_clean(fee.description), fee.verified) for fee in fees]
        cache.set(key, rows, FEES_TTL)
    return [FeeText(name=name, amount=amount, description=description, verified=verified)
            for name, amount, description, verified in rows]  # fmt: skip
