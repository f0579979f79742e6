"""Fee demands and payment attempts. Money is in đồng, as integers (a provider's own unit, VNPAY's đồng × 100, is
converted at the adapter)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.catalogue.constants import FeeDue, FeeKind
from lienthong.catalogue.fees import amount_short
from lienthong.dossiers.models import Dossier
from lienthong.org.models import Agency
from lienthong.payments.constants import (
    CallbackOutcome,
    DemandState,
    MismatchKind,
    Provider,
    ReceiptState,
    ReconciliationSource,
    TxState,
)


class FeeDemand(models.Model):
    """What a dossier owes: the fee lines of the procedure version it was received under, copied at that moment so
    a later change of the catalogue does not change what the applicant was asked to pay."""

    dossier = models.OneToOneField(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE,
                                   related_name="fee_demand")  # fmt: skip
    state = models.CharField(_("trạng thái"), max_length=10, choices=DemandState.choices, default=DemandState.CREATED)
    total = models.PositiveBigIntegerField(_("tổng số tiền (đồng)"))
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("yêu cầu nộp phí, lệ phí")
        verbose_name_plural = pgettext_lazy("plural", "yêu cầu nộp phí, lệ phí")

    def __str__(self) -> str:
        return f"{self.dossier.code or self.dossier_id}: {self.total} đ"


class FeeDemandLine(models.Model):
    demand = models.ForeignKey(FeeDemand, on_delete=models.CASCADE, related_name="lines")
    fee_id = models.BigIntegerField(_("phí trong danh mục"), null=True)  # the catalogue row it was copied from
    kind = models.CharField(_("loại"), max_length=10, choices=FeeKind.choices)
    code = models.CharField(_("mã phí, lệ phí"), max_length=40, blank=True)
    name = models.CharField(_("tên phí, lệ phí"), max_length=255)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    due = models.CharField(_("thời điểm thu"), max_length=12, choices=FeeDue.choices)
    collecting_agency_id = models.BigIntegerField(null=True)  # None: the agency that received the dossier

    class Meta:
        ordering = ["demand", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} đ"

    @property
    def amount_text(self) -> str:
        return amount_short(self.amount)


class PaymentTransaction(models.Model):
    """One attempt to pay a demand through a provider, known to it by our `reference` (vnp_TxnRef, MaThamChieu)."""

    demand = models.ForeignKey(FeeDemand, on_delete=models.PROTECT, related_name="transactions")
    reference = models.CharField(_("mã tham chiếu"), max_length=40, unique=True)
    provider = models.CharField(_("kênh thanh toán"), max_length=20, choices=Provider.choices)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=TxState.choices, default=TxState.CREATED)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    provider_transaction = models.CharField(_("mã giao dịch của ngân hàng"), max_length=40, blank=True)
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    response_code = models.CharField(_("mã phản hồi"), max_length=4, blank=True)
    # A second attempt paid after the demand was already paid: money to give back, shown to the finance officer.
    surplus = models.BooleanField(_("nộp thừa, cần hoàn trả"), default=False)
    # A payment at the desk: the one-stop officer who took it (a card payment's slip number is in
    # `provider_transaction`, as a bank's transaction number is for an online one).
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cán bộ thu"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip

    class Meta:
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = pgettext_lazy("plural", "giao dịch thanh toán")
        indexes = [models.Index(fields=["state", "created_at"], name="payment_tx_state_created")]

    def __str__(self) -> str:
        return self.reference


class PaymentCallback(models.Model):
    """Every callback a provider sent, with the reply we gave: what the IT officer reads when a payment is disputed
    (a refused signature or amount is evidence of a fault or an attack, never silently dropped)."""

    provider = models.CharField(_("kênh thanh toán"), max_length=20, choices=Provider.choices)
    reference = models.CharField(_("mã tham chiếu"), max_length=40, blank=True, db_index=True)
    transaction = models.ForeignKey(PaymentTransaction, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="callbacks")  # fmt: skip
    outcome = models.CharField(_("kết quả"), max_length=2, choices=CallbackOutcome.choices)
    params = models.JSONField(_("nội dung"))
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thông báo từ kênh thanh toán")
        verbose_name_plural = pgettext_lazy("plural", "thông báo từ kênh thanh toán")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.reference} {self.outcome}"


class EReceipt(models.Model):
    """An electronic receipt (biên lai điện tử) for one fee line of a confirmed payment, issued by the e-receipt
    service under our `key` (the payment's reference and the line): one per line and payment however often it is
    asked for; a replacement is a new row pointing at the one it replaces."""

    transaction = models.ForeignKey(PaymentTransaction, on_delete=models.PROTECT, related_name="receipts")
    line = models.ForeignKey(FeeDemandLine, on_delete=models.PROTECT, related_name="receipts")
    key = models.CharField(_("mã tra cứu (khóa)"), max_length=60, unique=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=ReceiptState.choices,
                             default=ReceiptState.PENDING)  # fmt: skip
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    template_code = models.CharField(_("ký hiệu mẫu"), max_length=20, blank=True)
    series = models.CharField(_("ký hiệu"), max_length=20, blank=True)
    number = models.CharField(_("số biên lai"), max_length=20, blank=True)
    issued_on = models.DateField(_("ngày lập"), null=True, blank=True)
    document = models.FileField(_("tệp biên lai"), upload_to="payments/receipts/%Y/%m/", max_length=255, blank=True)
    error = models.CharField(_("mã lỗi gần nhất"), max_length=40, blank=True)  # the service's refusal, if any
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by", verbose_name=_("thay thế biên lai"))  # fmt: skip
    payer_name = models.CharField(_("người nộp"), max_length=255)
    reason = models.TextField(_("lý do hủy, thay thế"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("cán bộ hủy, thay thế"))  # fmt: skip
    changed_at = models.DateTimeField(_("hủy, thay thế lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("biên lai điện tử")
        verbose_name_plural = pgettext_lazy("plural", "biên lai điện tử")
        ordering = ["line_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["transaction", "line"], condition=models.Q(replaces__isnull=True),
                                    name="payments_one_receipt_per_line_and_payment"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.series} {self.number}" if self.number else self.key

    @property
    def amount_text(self) -> str:
        return amount_short(self.amount)


class Reconciliation(models.Model):
    """One comparison of a day's attempts with another party's list: the provider's own (nightly) or a bank
    statement the finance officer uploaded. Run again, a day's comparison from the same source replaces the last."""

    day = models.DateField(_("ngày giao dịch"))
    source = models.CharField(_("đối chiếu với"), max_length=10, choices=ReconciliationSource.choices)
    provider = models.CharField(_("kênh thanh toán"), max_length=20, choices=Provider.choices)
    compared = models.PositiveIntegerField(_("số giao dịch đã so"), default=0)
    file_name = models.CharField(_("tệp sao kê"), max_length=255, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("người tải lên"))  # fmt: skip
    made_at = models.DateTimeField(_("đối chiếu lúc"), auto_now=True)

    class Meta:
        verbose_name = _("đối chiếu giao dịch")
        verbose_name_plural = pgettext_lazy("plural", "đối chiếu giao dịch")
        ordering = ["-day", "source"]
        constraints = [models.UniqueConstraint(fields=["day", "source", "provider"],
                                               name="payments_one_reconciliation_per_day_and_source")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.day} {self.source}"


class Mismatch(models.Model):
    reconciliation = models.ForeignKey(Reconciliation, on_delete=models.CASCADE, related_name="mismatches")
    kind = models.CharField(_("loại chênh lệch"), max_length=16, choices=MismatchKind.choices)
    reference = models.CharField(_("mã tham chiếu"), max_length=40)
    ours_amount = models.BigIntegerField(_("số tiền ở hệ thống"), null=True)
    theirs_amount = models.BigIntegerField(_("số tiền ở đối tác"), null=True)
    ours_state = models.CharField(_("trạng thái ở hệ thống"), max_length=20, blank=True)
    theirs_state = models.CharField(_("trạng thái ở đối tác"), max_length=20, blank=True)

    class Meta:
        ordering = ["reconciliation", "kind", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.kind}"


# The symbols as the tax office registers them (Decree 123/2020 art. 32, Circular 78/2021, as replaced by Circular
# 32/2025): upper-case letters, digits, "-" and "/" — e.g. template 01BLP0-001, series BL-26E. Their exact grammar
# was not retrievable here (next-capabilities §2.1): the check refuses only what no registration can hold.
SYMBOL = RegexValidator(r"^[0-9A-Z][0-9A-Z/-]{0,19}$", _("Chỉ gồm chữ in hoa không dấu, chữ số, dấu - và /."))


class ReceiptSeries(models.Model):
    """An agency's registered e-receipt template and series (ký hiệu mẫu, ký hiệu biên lai): a receipt for a fee the
    agency collects is issued under the registration in force on the day of issue (the latest `valid_from` not after
    it), so a new year's series is entered ahead and takes over on its day."""

    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan thu"), on_delete=models.PROTECT, related_name="+")
    template_code = models.CharField(_("ký hiệu mẫu biên lai"), max_length=20, validators=[SYMBOL],
                                     help_text=_("Ví dụ: 01BLP0-001"))  # fmt: skip
    series = models.CharField(_("ký hiệu biên lai"), max_length=20, validators=[SYMBOL],
                              help_text=_("Ví dụ: BL-26E"))  # fmt: skip
    valid_from = models.DateField(_("áp dụng từ ngày"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ký hiệu biên lai của cơ quan thu")
        verbose_name_plural = pgettext_lazy("plural", "ký hiệu biên lai của cơ quan thu")
        ordering = ["agency", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["agency", "valid_from"],
                                               name="payments_one_receipt_series_per_agency_and_day")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.template_code} · {self.series}"


class AgencyPaymentChannel(models.Model):
    """Which online channel an agency collects its fees through (the national platform or the bank gateway);
    an agency without a row, or with the channel empty, collects through the province's default."""

    agency = models.OneToOneField(Agency, verbose_name=_("cơ quan thu"), on_delete=models.CASCADE,
                                  related_name="payment_channel")  # fmt: skip
    provider = models.CharField(_("kênh thanh toán trực tuyến"), max_length=20, blank=True,
                                choices=[(Provider.PAYGOV.value, Provider.PAYGOV.label),
                                         (Provider.VNPAY.value, Provider.VNPAY.label)],
                                help_text=_("Để trống: theo kênh mặc định của tỉnh."))  # fmt: skip

    class Meta:
        verbose_name = _("kênh thanh toán của cơ quan")
        verbose_name_plural = pgettext_lazy("plural", "kênh thanh toán của cơ quan")

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_provider_display() or '—'}"


# A bank account number as banks print it: digits (some banks add letters), 6 to 20 characters.
ACCOUNT_NUMBER = RegexValidator(
    r"^[0-9A-Z]{6,20}$", _("Số tài khoản gồm 6 đến 20 chữ số hoặc chữ in hoa, không dấu cách.")
)


class BeneficiaryAccount(models.Model):
    """The account a collecting agency's fees are paid into (tài khoản thụ hưởng): sent in the national platform's
    INIT (`TKThuHuong`, `MaNHThuHuong`, `TenTKThuHuong`) and printed on the e-receipt. A fee line's collector — the
    agency the catalogue names, else the one that received the dossier — decides which; an agency without one takes
    no online payment (its fees are paid at the desk until the IT officer enters it)."""

    agency = models.OneToOneField(Agency, verbose_name=_("cơ quan thu"), on_delete=models.CASCADE,
                                  related_name="beneficiary_account")  # fmt: skip
    bank_code = models.CharField(_("mã ngân hàng"), max_length=20, validators=[SYMBOL],
                                 help_text=_("Mã ngân hàng hoặc Kho bạc, ví dụ: VCB, KBNN"))  # fmt: skip
    bank_name = models.CharField(_("tên ngân hàng, Kho bạc"), max_length=255)
    account_number = models.CharField(_("số tài khoản"), max_length=20, validators=[ACCOUNT_NUMBER])
    account_name = models.CharField(_("tên tài khoản"), max_length=255)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tài khoản thụ hưởng của cơ quan thu")
        verbose_name_plural = pgettext_lazy("plural", "tài khoản thụ hưởng của cơ quan thu")
        ordering = ["agency"]

    def __str__(self) -> str:
        return f"{self.account_number} · {self.bank_name}"
