"""The one interface every payment provider implements, in our terms: amounts in đồng, our reference, aware
datetimes. Adapters translate to and from their wire format and check their signatures."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


class ProviderError(Exception):
    """The provider could not be reached or answered something we cannot use (retry later)."""


class BadSignatureError(Exception):
    """A message whose signature does not match: never acted upon."""


@dataclass(frozen=True)
class Callback:
    reference: str
    amount: int  # đồng
    success: bool
    response_code: str
    provider_transaction: str = ""
    bank_code: str = ""
    paid_at: dt.datetime | None = None


@dataclass(frozen=True)
class Account:
    """A collecting agency's beneficiary account (tài khoản thụ hưởng)."""

    bank_code: str
    bank_name: str
    number: str
    name: str


@dataclass(frozen=True)
class FeeItem:
    kind: str  # catalogue.FeeKind: "phi" | "le_phi"
    code: str
    name: str
    amount: int  # đồng
    account: Account | None = None  # the account of the agency that collects this line


@dataclass(frozen=True)
class PaymentDetails:
    """What the payment is for, for a provider that issues its receipt from it (the national platform's
    `ThongTinBienLai`); a provider that does not ignores it."""

    dossier_code: str
    procedure_code: str
    procedure_name: str
    agency_code: str
    agency_name: str
    payer_name: str
    payer_id_number: str = ""
    payer_address: str = ""
    fees: tuple[FeeItem, ...] = ()
    account: Account | None = None  # the payment's beneficiary account: its first line's collector's


@dataclass(frozen=True)
class QueryResult:
    reference: str
    found: bool
    success: bool
    amount: int = 0
    status: str = ""  # the provider's own status code
    provider_transaction: str = ""
    paid_at: dt.datetime | None = None


@dataclass(frozen=True)
class ProviderTransaction:
    """One line of the provider's own list of a day (its reconciliation file)."""

    reference: str
    amount: int  # đồng
    status: str  # "paid" | "refunded" | "unpaid"
    provider_transaction: str = ""


class PaymentProvider(Protocol):
    name: str
    reference_key: str  # the callback parameter that carries our reference

    def start(self, *, reference: str, amount: int, order_info: str, return_url: str, client_ip: str,
              created_at: dt.datetime, details: PaymentDetails | None = None) -> str:  # fmt: skip
        """The address to send the payer's browser to."""

    def verify_callback(self, params: Mapping[str, str]) -> Callback:
        """The callback's content once its signature is checked; `BadSignatureError` otherwise."""

    def query(self, *, reference: str, created_at: dt.datetime, client_ip: str) -> QueryResult:
        """What the provider knows of a transaction (`ProviderError` when it cannot say)."""

    def refund(self, *, reference: str, amount: int, provider_transaction: str, created_at: dt.datetime,
               by: str, client_ip: str) -> bool:  # fmt: skip
        """Ask the provider to give `amount` back; True when it accepted."""

    def transactions_of_day(self, day: dt.date) -> list[ProviderTransaction]:
        """The provider's own list of the transactions created on `day` (GMT+7), for the nightly reconciliation."""
