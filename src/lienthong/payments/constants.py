"""Vocabulary of the payments app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

DEMAND_TOPIC = "payments.demand"
DEMAND_KINDS = ("submitted", "received")  # dossiers' EventKind values, named here so payments imports no constants
# A payment still pending after this long is asked of the provider (issue 13 item 3).
PENDING_QUERY_AFTER_SECONDS = 15 * 60


class DemandState(models.TextChoices):
    CREATED = "created", _("Chưa thanh toán")
    PENDING = "pending", _("Đang thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Thanh toán không thành công")
    EXPIRED = "expired", _("Hết hạn thanh toán")
    REFUNDED = "refunded", _("Đã hoàn trả")


class TxState(models.TextChoices):
    CREATED = "created", _("Mới tạo")
    PENDING = "pending", _("Chờ kết quả")
    PAID = "paid", _("Thành công")
    FAILED = "failed", _("Không thành công")
    EXPIRED = "expired", _("Hết hạn")
    REFUNDED = "refunded", _("Đã hoàn trả")


FINAL_TX_STATES = (TxState.PAID, TxState.FAILED, TxState.EXPIRED, TxState.REFUNDED)


class Provider(models.TextChoices):
    VNPAY = "vnpay", _("Cổng thanh toán ngân hàng (VNPAY)")
    PAYGOV = "paygov", _("Nền tảng thanh toán trên Cổng Dịch vụ công quốc gia")
    # Recorded by the one-stop officer at the desk (issue 13 item 4): no provider to ask or to refund through.
    CASH = "cash", _("Tiền mặt tại Bộ phận Một cửa")
    POS = "pos", _("Thẻ (POS) tại Bộ phận Một cửa")


DESK_PROVIDERS = (Provider.CASH, Provider.POS)


class CallbackOutcome(models.TextChoices):
    """What a provider's callback did; the code is the reply sent back (VNPAY IPN `RspCode`, and the national
    platform's CONFIRM reply `MaLoi`, whose official list was not published: the same codes, docs/payments.md)."""

    APPLIED = "00", _("Đã ghi nhận")
    NOT_FOUND = "01", _("Không tìm thấy giao dịch")
    ALREADY_CONFIRMED = "02", _("Giao dịch đã được xác nhận trước đó")
    WRONG_AMOUNT = "04", _("Sai số tiền")
    BAD_SIGNATURE = "97", _("Sai chữ ký")
    OTHER = "99", _("Lỗi khác")


REFUSED_OUTCOMES = (CallbackOutcome.NOT_FOUND, CallbackOutcome.WRONG_AMOUNT, CallbackOutcome.BAD_SIGNATURE,
                    CallbackOutcome.OTHER)  # fmt: skip


class ReceiptState(models.TextChoices):
    PENDING = "pending", _("Đang lập")  # asked for, not yet confirmed by the service (retried)
    ISSUED = "issued", _("Đã lập")
    CANCELLED = "cancelled", _("Đã hủy")
    REPLACED = "replaced", _("Đã bị thay thế")


# How a payment is named to the e-receipt service (the vendors' PaymentMethod: TM cash, CK transfer or card).
RECEIPT_PAYMENT_METHOD = {Provider.CASH: "TM", Provider.POS: "CK", Provider.VNPAY: "CK", Provider.PAYGOV: "CK"}
# Receipts still unconfirmed are asked for again by the sweep for this long after the payment.
RECEIPT_RETRY_DAYS = 7


class MismatchKind(models.TextChoices):
    MISSING_OURS = "missing_ours", _("Thiếu ở hệ thống (có ở đối tác)")
    MISSING_THEIRS = "missing_theirs", _("Thiếu ở đối tác (có ở hệ thống)")
    AMOUNT = "amount", _("Số tiền khác nhau")
    STATE = "state", _("Trạng thái khác nhau")


class ReconciliationSource(models.TextChoices):
    PROVIDER = "provider", _("Danh sách giao dịch của cổng thanh toán")
    STATEMENT = "statement", _("Sao kê ngân hàng (XLSX)")


# A bank statement upload is refused past these (bounded work on the web request).
STATEMENT_MAX_BYTES = 2 * 1024 * 1024
STATEMENT_MAX_ROWS = 5000
