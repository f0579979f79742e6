"""The one interface every e-receipt service (biên lai điện tử) implements, in our terms: a receipt is asked for
under our `key` (one per fee line and payment; the vendors call it the "fkey"), which the service keeps unique —
asking twice under the same key never makes a second receipt. Adapters translate to their wire format."""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class ReceiptServiceError(Exception):
    """The service refused (`code`, its own) or could not be reached (`code` "timeout"/"unreachable": retry)."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code, self.message = code, message

    @property
    def retryable(self) -> bool:
        return self.code in ("timeout", "unreachable")


@dataclass(frozen=True)
class ReceiptRequest:
    key: str
    payer_name: str
    payer_id: str
    payer_address: str
    fee_code: str
    fee_name: str
    amount: int  # đồng
    payment_method: str  # TM (cash), CK (transfer, card), TTO (online)
    issued_on: dt.date
    dossier_code: str
    template_code: str  # ký hiệu mẫu biên lai: the collecting agency's registration in force
    series: str  # ký hiệu biên lai
    account_number: str = ""  # the collecting agency's beneficiary account (tài khoản thụ hưởng), printed on it
    account_bank: str = ""
    account_name: str = ""


@dataclass(frozen=True)
class IssuedReceipt:
    key: str
    template_code: str  # ký hiệu mẫu biên lai
    series: str  # ký hiệu biên lai
    number: str
    issued_on: dt.date


class ReceiptService(Protocol):
    def issue(self, request: ReceiptRequest) -> IssuedReceipt:
        """The receipt for `request.key`: issued now, or the one already issued under that key."""

    def cancel(self, *, key: str, reason: str) -> None: ...

    def replace(self, *, old_key: str, request: ReceiptRequest) -> IssuedReceipt:
        """A new receipt (under `request.key`) replacing the one under `old_key`, which the service cancels."""

    def document(self, *, key: str) -> bytes:
        """The receipt's document (PDF)."""
