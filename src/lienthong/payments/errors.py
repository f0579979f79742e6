"""The payments app's refusals: one type, a stable code and a Vietnamese message (core.errors.DomainError)."""

from lienthong.core.errors import DomainError


class PaymentError(DomainError):
    NO_DEMAND = "no_demand"
    ALREADY_PAID = "already_paid"
    NOT_REFUNDABLE = "not_refundable"
    PROVIDER = "provider_unavailable"
    WRONG_AMOUNT = "wrong_amount"
    SLIP_REQUIRED = "slip_required"
    DOSSIER_CLOSED = "dossier_closed"
    REASON_REQUIRED = "reason_required"
    RECEIPT_NOT_ISSUED = "receipt_not_issued"
    BAD_STATEMENT = "bad_statement"
    NO_RECEIPT_SERIES = "no_receipt_series"
    NO_BENEFICIARY_ACCOUNT = "no_beneficiary_account"
