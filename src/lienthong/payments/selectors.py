"""Reads of the payments app: a dossier's demand as the pages show it, and what a return from the gateway means."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import OperationalError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lienthong.catalogue.fees import amount_short
from lienthong.core.limits import database_busy
from lienthong.dossiers.models import Dossier
from lienthong.payments.constants import DemandState, ReceiptState, TxState
from lienthong.payments.models import AgencyPaymentChannel, EReceipt, FeeDemand, FeeDemandLine, PaymentTransaction
from lienthong.payments.providers import BadSignatureError, provider_for

GMT7 = ZoneInfo("Asia/Ho_Chi_Minh")


def provider_configured(name: str) -> bool:
    """The provider's addresses and secret are set: payments through it can be offered."""
    if name == "paygov":
        return bool(settings.LIENTHONG_PAYGOV_INIT_URL and settings.LIENTHONG_PAYGOV_SECRET)
    if name == "vnpay":
        return bool(settings.LIENTHONG_VNPAY_PAY_URL and settings.LIENTHONG_VNPAY_SECRET)
    return False


def collecting_agency_of(*, dossier_id: int) -> int:
    """The agency a dossier's fees are paid to: the one every fee line names as collecting it, else (no line names
    one, or they name several) the agency that received the dossier."""
    named = {agency_id for agency_id in FeeDemandLine.objects.filter(demand__dossier_id=dossier_id)
             .values_list("collecting_agency_id", flat=True)}  # fmt: skip
    if len(named) == 1 and None not in named:
        return named.pop()
    return Dossier.objects.filter(pk=dossier_id).values_list("agency_id", flat=True).get()


def online_provider(*, dossier_id: int | None = None) -> str:
    """The provider a dossier's fees are paid through online: its collecting agency's channel (admin → Kênh thanh
    toán của cơ quan), else the province's default (`LIENTHONG_PAYMENT_PROVIDER`: "vnpay" or "paygov")."""
    if dossier_id is not None:
        agency_id = collecting_agency_of(dossier_id=dossier_id)
        chosen = AgencyPaymentChannel.objects.filter(agency_id=agency_id).values_list("provider", flat=True).first()
        if chosen:
            return chosen
    return settings.LIENTHONG_PAYMENT_PROVIDER


def online_payment_on(*, dossier_id: int | None = None) -> bool:
    """The pages offer to pay online: the dossier's provider (or, without a dossier, the default) is configured."""
    return provider_configured(online_provider(dossier_id=dossier_id))


def online_payment_anywhere() -> bool:
    """Some provider is configured (the periodic queries have something to ask)."""
    return provider_configured("vnpay") or provider_configured("paygov")


def provider_of_callback(params: Mapping[str, str]) -> str:
    """Which provider's signed fields a return to our page carries (the payer may come back from either)."""
    return "paygov" if "MaThamChieu" in params else "vnpay"


# A demand in one of these states can still be paid (a pending attempt may fail and be tried again).
PAYABLE_STATES = (DemandState.CREATED, DemandState.FAILED, DemandState.EXPIRED, DemandState.PENDING)


@dataclass(frozen=True)
class DemandView:
    state: str
    state_label: str
    total: int
    lines: list[FeeDemandLine]
    transactions: list[PaymentTransaction]
    dossier_id: int | None = None

    @property
    def payable(self) -> bool:
        return self.state in PAYABLE_STATES

    @property
    def total_text(self) -> str:
        return amount_short(self.total)

    @property
    def paid(self) -> bool:
        return self.state == DemandState.PAID


def demand_of_dossier(*, dossier_id: int) -> DemandView | None:
    attempts = Prefetch("transactions", queryset=PaymentTransaction.objects.select_related("recorded_by"))
    demand = FeeDemand.objects.filter(dossier_id=dossier_id).prefetch_related("lines", attempts).first()
    if demand is None:
        return None
    transactions = sorted(demand.transactions.all(), key=lambda tx: tx.pk, reverse=True)
    return DemandView(state=demand.state, state_label=str(demand.get_state_display()), total=demand.total,
                      lines=list(demand.lines.all()), transactions=transactions)  # fmt: skip


def desk_payable_total(*, dossier) -> int | None:
    """What the desk would take for this dossier now (its demand's total, or its fees' before the worker has made
    the demand); None when nothing is owed or it is already paid."""
    row = FeeDemand.objects.filter(dossier_id=dossier.pk).values_list("state", "total").first()
    if row is not None:
        return None if row[0] in (DemandState.PAID, DemandState.REFUNDED) else row[1]
    total = sum(fee.amount or 0 for fee in dossier.procedure_version.fees.all())
    return total or None


def demand_of_code(*, code: str) -> DemandView | None:
    """The demand's state and total in one query (the tracking page is a hot path; its lines are the published
    fees the page already shows)."""
    row = FeeDemand.objects.filter(dossier__code=code).values_list("state", "total", "dossier_id").first()
    if row is None:
        return None
    return DemandView(state=row[0], state_label=str(DemandState(row[0]).label), total=row[1], lines=[],
                      transactions=[], dossier_id=row[2])  # fmt: skip


@dataclass(frozen=True)
class ReturnView:
    """What the payer is told on coming back from the gateway. Only the IPN changes state: a successful return
    before the IPN has arrived reads "paid, awaiting confirmation"."""

    outcome: str  # "paid" | "awaiting" | "failed" | "unknown"
    reference: str = ""
    amount: int = 0
    code: str = ""

    @property
    def amount_text(self) -> str:
        return amount_short(self.amount)

    @property
    def message(self) -> str:
        return {
            "paid": _("Đã thanh toán. Cơ quan đã nhận được khoản phí, lệ phí của hồ sơ."),
            "awaiting": _("Đã thanh toán, chờ xác nhận từ ngân hàng. Trang này tự cập nhật sau vài giây."),
            "failed": _("Thanh toán không thành công. Bạn có thể thử lại từ trang tra cứu hồ sơ."),
            "unknown": _("Không xác định được giao dịch thanh toán này."),
        }[self.outcome]


def _attempt(reference: str) -> PaymentTransaction | None:
    return PaymentTransaction.objects.select_related("demand__dossier").filter(reference=reference).first()


def payment_return_view(*, params: Mapping[str, str]) -> ReturnView:
    try:
        callback = provider_for(provider_of_callback(params)).verify_callback(params)
    except (BadSignatureError, ValueError):
        return ReturnView(outcome="unknown")
    try:
        tx = _attempt(callback.reference)
    except OperationalError as exc:  # a write holds the table past the lock timeout: say what the bank said
        if not database_busy(exc):
            raise
        return ReturnView(outcome="awaiting" if callback.success else "failed", reference=callback.reference,
                          amount=callback.amount)  # fmt: skip
    if tx is None:
        return ReturnView(outcome="unknown")
    code = tx.demand.dossier.code
    if tx.state == TxState.PAID or (tx.demand.state == DemandState.PAID and callback.success):
        outcome = "paid"
    elif callback.success and tx.state == TxState.PENDING:
        outcome = "awaiting"
    else:
        outcome = "failed"
    return ReturnView(outcome=outcome, reference=tx.reference, amount=tx.amount, code=code)


def receipts_of_dossier(*, dossier_id: int) -> list[EReceipt]:
    """The dossier's e-receipts, every generation (issued, cancelled, replaced, still being issued), by line."""
    return list(EReceipt.objects.filter(transaction__demand__dossier_id=dossier_id)
                .select_related("line", "changed_by", "replaces").order_by("line_id", "id"))  # fmt: skip


def receipts_for_applicant(*, code: str) -> list[EReceipt]:
    """What the applicant may download from the tracking page: the receipts in force (issued), with a document or
    one the service can give."""
    return list(EReceipt.objects.filter(transaction__demand__dossier__code=code, state=ReceiptState.ISSUED)
                .select_related("line").order_by("line_id", "id"))  # fmt: skip


@dataclass(frozen=True)
class CollectionRow:
    agency: str
    day: dt.date
    provider: str
    payments: int
    amount: int
    refunded: int


def collections(*, start: dt.date, end: dt.date, agency_ids: list[int] | None) -> list[CollectionRow]:
    """Money taken from `start` to `end` (inclusive, by payment day in GMT+7) per collecting agency, day and channel
    (online, cash, card), with what of it was refunded. A payment is split by its demand's lines, each to the agency
    that collects it (the catalogue's cơ quan thu, else the agency that received the dossier): two agencies
    collecting lines of one dossier each get their lines, and each counts the payment once. `agency_ids`: a finance
    officer's agencies — the lines they collect and those of the dossiers they received; None: every agency."""
    from django.db.models import BigIntegerField, Count, Q, Sum
    from django.db.models.functions import Coalesce, TruncDate

    from lienthong.org.models import Agency

    begin = dt.datetime.combine(start, dt.time.min, tzinfo=GMT7)
    finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=GMT7)
    # One row per payment and line of its demand (the join on demand__lines), its collector named.
    lines = PaymentTransaction.objects.filter(
        state__in=[TxState.PAID, TxState.REFUNDED], paid_at__gte=begin, paid_at__lt=finish
    ).annotate(
        collector=Coalesce(
            "demand__lines__collecting_agency_id", "demand__dossier__agency_id", output_field=BigIntegerField()
        )
    )
    if agency_ids is not None:
        lines = lines.filter(Q(collector__in=agency_ids) | Q(demand__dossier__agency_id__in=agency_ids))
    grouped = (lines.annotate(day=TruncDate("paid_at", tzinfo=GMT7))
               .values("collector", "day", "provider")
               .annotate(payments=Count("id", distinct=True), taken=Sum("demand__lines__amount"),
                         given_back=Sum("demand__lines__amount", filter=Q(state=TxState.REFUNDED)))
               .order_by())  # fmt: skip
    grouped = list(grouped)
    names = dict(Agency.objects.filter(pk__in={row["collector"] for row in grouped}).values_list("pk", "name"))
    rows = [CollectionRow(agency=names.get(row["collector"], ""), day=row["day"], provider=row["provider"],
                          payments=row["payments"], amount=row["taken"] or 0, refunded=row["given_back"] or 0)
            for row in grouped]  # fmt: skip
    return sorted(rows, key=lambda row: (row.agency, row.day, row.provider))


def owed_of_dossiers(*, dossier_ids: list[int]) -> dict[int, int]:
    """What each of these dossiers still owes online or at the desk (its demand's total, while payable), in one query:
    "Hồ sơ của tôi" says beside each dossier that a fee waits."""
    rows = FeeDemand.objects.filter(dossier_id__in=dossier_ids, state__in=PAYABLE_STATES, total__gt=0)
    return dict(rows.values_list("dossier_id", "total"))
