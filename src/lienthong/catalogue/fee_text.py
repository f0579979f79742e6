"""A procedure version's fees (phí, lệ phí) as people read them: the amount in đồng, the exemptions, and nothing of
the reviewers' working notes.

The catalogue's descriptions sometimes carry a reviewer's marker ("chưa đối chiếu", "nguồn thứ cấp"): whether an
amount was checked against the legal text is what `Fee.verified` records, so the marker is not part of the text shown
at the desk or printed on a receipt; `verified` is shown for what it is instead.
"""

import re
from dataclasses import dataclass

from lienthong.catalogue.models import Fee, ProcedureVersion

# Reviewers' markers, lower-case: a clause made of one of these is a working note, not information for anyone.
REVIEW_MARKERS = ("chưa đối chiếu", "nguồn thứ cấp", "chưa kiểm chứng", "dữ liệu mẫu")
_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")
_CLAUSES = re.compile(r"(;\s*|(?<=\.)\s+)")  # a semicolon, or a full stop ending a sentence (not 8.000)


@dataclass(frozen=True)
class FeeLine:
    name: str
    amount: int | None  # đồng; 0 = nothing to pay; None = the catalogue gives no single amount
    note: str  # how it is charged, who is exempt — without reviewers' markers
    verified: bool  # the amount was checked against the legal text


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


def fee_line(fee: Fee) -> FeeLine:
    return FeeLine(name=fee.name, amount=fee.amount, note=fee_note_clean(fee.description), verified=fee.verified)


def fee_lines(version: ProcedureVersion) -> list[FeeLine]:
    """The version's fees in the catalogue's order (uses `version.fees`, prefetched or not)."""
    return [fee_line(fee) for fee in sorted(version.fees.all(), key=lambda fee: fee.pk)]


def vnd(amount: int) -> str:
    """ "1.500.000 đồng": dots group the thousands, as Vietnamese documents write money."""
    return f"{amount:,} đồng".replace(",", ".")
