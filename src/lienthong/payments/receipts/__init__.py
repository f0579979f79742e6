"""E-receipts (biên lai điện tử) behind one interface (`base.ReceiptService`); `receipt_service()` builds the
configured adapter, None while none is configured (no receipt is asked for; the finance officer issues on paper)."""

from django.conf import settings

from lienthong.payments.receipts.base import IssuedReceipt, ReceiptRequest, ReceiptService, ReceiptServiceError
from lienthong.payments.receipts.einvoice import EInvoiceReceiptService, amount_in_words

__all__ = ["IssuedReceipt", "ReceiptRequest", "ReceiptService", "ReceiptServiceError", "amount_in_words",
           "receipt_service"]  # fmt: skip


def receipt_service() -> ReceiptService | None:
    if not settings.LIENTHONG_ERECEIPT_URL:
        return None
    return EInvoiceReceiptService(
        url=settings.LIENTHONG_ERECEIPT_URL,
        account=settings.LIENTHONG_ERECEIPT_ACCOUNT,
        password=settings.LIENTHONG_ERECEIPT_PASSWORD,
        timeout=settings.LIENTHONG_ERECEIPT_TIMEOUT,
    )
