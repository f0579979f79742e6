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

from lienthong.catalogue.constants import FeeDue, FeeKind
from lienthong.catalogue.models import Fee
from lienthong.core.text import fold, number_grouped


def amount_text(amount: int) -> str:
    """ "8.000 đồng" (dots group the thousands in Vietnamese); free when the amount is zero."""
    if amount == 0:
        return _("Miễn phí")
    return _("%(amount)s đồng") % {"amount": number_grouped(amount)}


def amount_short(amount: int) -> str:
    """ "50.000 đ": the compact form of the procedure page's fee table; free when the amount is zero."""
    if amount == 0:
        return _("Miễn phí")
    return _("%(amount)s đ") % {"amount": number_grouped(amount)}


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
    kind: str = FeeKind.CHARGE
    code: str = ""
    due: str = FeeDue.AT_RECEIPT
    exempt_groups: tuple[str, ...] = ()
    collector: str = ""  # the collecting agency's name; "" = the agency that receives the dossier

    @property
    def kind_label(self) -> str:
        return str(FeeKind(self.kind).label) if self.kind in FeeKind.values else ""

    @property
    def due_label(self) -> str:
        return str(FeeDue(self.due).label) if self.due in FeeDue.values else ""

    @property
    def amount_short(self) -> str:
        """ "50.000 đ", "Miễn phí", or "" when the published text gives no single amount."""
        return "" if self.amount is None else amount_short(self.amount)

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


def exempt_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def fee_text(fee: Fee) -> FeeText:
    collector = fee.collecting_agency.name if fee.collecting_agency_id else ""
    return FeeText(name=fee.name, amount=fee.amount, description=fee_note_clean(fee.description), verified=fee.verified,
                   kind=fee.kind, code=fee.code, due=fee.due, exempt_groups=exempt_lines(fee.exempt_groups),
                   collector=collector)  # fmt: skip


def fee_texts(fees: Iterable[Fee]) -> list[FeeText]:
    """The fees in the catalogue's order (`version.fees.all()`, prefetched or not)."""
    return [fee_text(fee) for fee in sorted(fees, key=lambda fee: fee.pk)]


FEES_KEY, FEES_TTL = "catalogue:fees:v3:{version}", 5 * 60


def fee_texts_of_version(version_id: int) -> list[FeeText]:
    """The published fees of a procedure version from the cache (no query on a hit; a catalogue change shows within
    minutes): the tracking page is the hottest public path and spends its few queries on the dossier itself."""
    key = FEES_KEY.format(version=version_id)
    rows = cache.get(key)
    if rows is None:
        fees = Fee.objects.filter(version_id=version_id).select_related("collecting_agency").order_by("id")
        rows = [tuple(vars_of(fee_text(fee))) for fee in fees]
        cache.set(key, rows, FEES_TTL)
    return [FeeText(*row) for row in rows]


def vars_of(text: FeeText) -> tuple:
    return (text.name, text.amount, text.description, text.verified, text.kind, text.code, text.due,
            text.exempt_groups, text.collector)  # fmt: skip


# Parsing the free text fees were published in before they were data (migration 0005, the demo's older files).
_AMOUNT = re.compile(r"^\s*(\d{1,3}(?:\.\d{3})+|\d+)\s*(?:đồng|đ)\b", re.IGNORECASE)
_EXEMPT = re.compile(r"\bmiễn(?:\s+(?:phí|lệ phí|thu))?\s+(?:cho|đối với)\s+(?P<groups>[^.;]+)", re.IGNORECASE)


def fee_text_parse(text: str) -> tuple[int | None, tuple[str, ...]]:
    """The amount a description starts with ("8.000 đồng/bản sao; …") and the groups it exempts ("miễn cho hộ
    nghèo, người khuyết tật"): (None, ()) where the text says neither in a form we recognise."""
    text = fee_note_clean(text or "")
    match = _AMOUNT.match(text)
    amount = int(match.group(1).replace(".", "")) if match else None
    exempt = _EXEMPT.search(text)
    groups: tuple[str, ...] = ()
    if exempt:
        parts = re.split(r",\s*|\s+và\s+", exempt.group("groups"))
        groups = tuple(part.strip() for part in parts if part.strip())
    return amount, groups


def fee_kind_of(name: str) -> str:
    """ "Phí …" is a charge for a service, "Lệ phí …" a state fee (Law on Fees and Charges 2015, art. 3)."""
    return FeeKind.FEE if fold(name).startswith("phi") else FeeKind.CHARGE
