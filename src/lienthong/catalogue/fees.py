"""Fees as a citizen reads them (Decree 61 art. 13: the fee is part of what a procedure publishes): the amount in
đồng, the public description, and — where no official has checked the amount against the legal text — a plain
caveat instead of a figure presented as settled. Internal notes (`Fee.internal_note`) never reach these texts.

One wording for the procedure page, the tracking page and the e-mails to the applicant.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import formats
from django.utils.translation import gettext as _

from lienthong.catalogue.models import Fee


def amount_text(amount: int) -> str:
    """ "8.000 đồng" (dots group the thousands in Vietnamese); free when the amount is zero."""
    if amount == 0:
        return _("Miễn phí")
    grouped = f"{amount:,}".replace(",", formats.get_format("THOUSAND_SEPARATOR"))
    return _("%(amount)s đồng") % {"amount": grouped}


@dataclass(frozen=True)
class FeeText:
    name: str
    amount: str  # "8.000 đồng", "Miễn phí", or "" when the published text gives no single amount
    description: str
    confirmed: bool

    @property
    def caveat(self) -> str:
        """What the citizen must know of an amount no official has confirmed yet."""
        if self.confirmed:
            return ""
        if self.amount:
            return _(
                "Mức thu tham khảo, chưa được cơ quan có thẩm quyền xác nhận; "
                "số tiền phải nộp được thông báo khi tiếp nhận hồ sơ."
            )
        return _("Số tiền phải nộp được thông báo khi tiếp nhận hồ sơ.")

    @property
    def line(self) -> str:
        """One line for a plain-text message: "Lệ phí …: 8.000 đồng (…)"."""
        head = f"{self.name}: {self.amount}" if self.amount else self.name
        details = " ".join(part for part in (self.description, self.caveat) if part)
        return f"{head} — {details}" if details else head


def fee_text(fee: Fee) -> FeeText:
    return FeeText(
        name=fee.name,
        amount="" if fee.amount is None else amount_text(fee.amount),
        description=fee.description.strip(),
        confirmed=fee.verified,
    )


def fee_texts(fees: Iterable[Fee]) -> list[FeeText]:
    return [fee_text(fee) for fee in fees]


FEES_KEY, FEES_TTL = "catalogue:fees:v1:{version}", 5 * 60


def fee_texts_of_version(version_id: int) -> list[FeeText]:
    """The published fees of a procedure version from the cache (no query on a hit; a catalogue change shows within
    minutes): the tracking page is the hottest public path and spends its few queries on the dossier itself."""
    key = FEES_KEY.format(version=version_id)
    rows = cache.get(key)
    if rows is None:
        fees = Fee.objects.filter(version_id=version_id).order_by("id")
        rows = [(fee.name, fee.amount, fee.description, fee.verified) for fee in fees]
        cache.set(key, rows, FEES_TTL)
    return [
        FeeText(name=name, amount="" if amount is None else amount_text(amount), description=description.strip(),
                confirmed=verified)
        for name, amount, description, verified in rows
    ]  # fmt: skip
