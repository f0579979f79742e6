"""Writes of the payments app: a dossier's fee demand, attempts to pay it, the providers' callbacks applied exactly
once, queries of stale attempts and refunds. Every state change of a demand that the dossier's history must show
(paid, refunded) goes through `dossiers.services.dossier_fee_paid/refunded` in the same transaction."""

import datetime as dt
import secrets
import time
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.catalogue.constants import FeeDue
from lienthong.catalogue.fees import amount_short
from lienthong.catalogue.models import Fee
from lienthong.core.limits import database_busy
from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import dossier_fee_paid, dossier_fee_refunded
from lienthong.dossiers.services.guards import require_role
from lienthong.org.constants import Role
from lienthong.org.models import Agency
from lienthong.payments.constants import (
    DESK_PROVIDERS,
    FINAL_TX_STATES,
    PENDING_QUERY_AFTER_SECONDS,
    CallbackOutcome,
    DemandState,
    Provider,
    TxState,
)
from lienthong.payments.errors import PaymentError
from lienthong.payments.models import (
    BeneficiaryAccount,
    FeeDemand,
    FeeDemandLine,
    PaymentCallback,
    PaymentTransaction,
)
from lienthong.payments.providers import (
    Account,
    BadSignatureError,
    Callback,
    FeeItem,
    PaymentDetails,
    ProviderError,
    provider_for,
)
from lienthong.payments.receipting import collecting_agency_id, receipts_enqueue

__all__ = ["PaymentError"]  # re-exported: callers catch it from the services they call


def demand_on_event(envelope: dict[str, Any]) -> None:
    """Subscriber of submitted/received events: the dossier's demand, once however often the event is delivered."""
    demand_ensure(dossier_id=envelope["dossier_id"])


def demand_ensure(*, dossier_id: int) -> FeeDemand | None:
    """The dossier's fee demand, made from its procedure version's fee lines with an amount to pay; None when the
    procedure charges nothing (or no amount is known yet: the desk then states it at receipt)."""
    demand = FeeDemand.objects.filter(dossier_id=dossier_id).first()
    if demand is not None:
        return demand
    version_id = Dossier.objects.filter(pk=dossier_id).values_list("procedure_version_id", flat=True).get()
    fees = [fee for fee in Fee.objects.filter(version_id=version_id).order_by("id") if fee.amount]
    if not fees:
        return None
    try:
        with transaction.atomic():
            demand = FeeDemand.objects.create(dossier_id=dossier_id, total=sum(fee.amount for fee in fees))
            FeeDemandLine.objects.bulk_create(
                FeeDemandLine(demand=demand, fee_id=fee.pk, kind=fee.kind, code=fee.code, name=fee.name,
                              amount=fee.amount, due=fee.due, collecting_agency_id=fee.collecting_agency_id)
                for fee in fees
            )  # fmt: skip
    except IntegrityError:  # made at the same moment by another delivery of the event
        demand = FeeDemand.objects.get(dossier_id=dossier_id)
    return demand


def _reference() -> str:
    """Our reference (vnp_TxnRef): unique, never reused, 16 characters the providers accept."""
    return f"LT{timezone.localdate():%y%m%d}{secrets.token_hex(4).upper()}"


def payment_start(
    *, dossier: Dossier, provider: str, return_url: str, client_ip: str
) -> tuple[PaymentTransaction, str]:
    """A new attempt to pay the dossier's demand: the transaction and the address to send the payer to.

    No transaction is held while the provider is asked (the national platform's INIT goes over the network, up to its
    timeout): on SQLite that would hold the database's one write lock, on PostgreSQL the demand's row, and every
    other payer's callback would queue behind a slow platform. The attempt is written first, then marked pending."""
    tx, details = _attempt_open(dossier=dossier, provider=provider)
    try:  # the national platform is asked over the network (INIT); the bank gateway's address is only signed
        url = provider_for(provider).start(reference=tx.reference, amount=tx.amount, return_url=return_url,
                                           order_info=f"Thanh toan phi le phi ho so {dossier.code}",
                                           client_ip=client_ip, created_at=tx.created_at,
                                           details=details)  # fmt: skip
    except ProviderError as exc:  # nothing is kept: the payer was never sent to the provider with this reference
        PaymentTransaction.objects.filter(pk=tx.pk, state=TxState.CREATED).delete()
        raise PaymentError(PaymentError.PROVIDER, _("Kênh thanh toán không phản hồi; thử lại sau.")) from exc
    _attempt_pending(tx)
    return tx, url


@transaction.atomic
def _attempt_open(*, dossier: Dossier, provider: str) -> tuple[PaymentTransaction, PaymentDetails]:
    demand = demand_ensure(dossier_id=dossier.pk)
    if demand is None:
        raise PaymentError(PaymentError.NO_DEMAND, _("Hồ sơ không có khoản phí, lệ phí phải nộp trực tuyến."))
    demand = FeeDemand.objects.select_for_update().get(pk=demand.pk)
    if demand.state in (DemandState.PAID, DemandState.REFUNDED):
        raise PaymentError(PaymentError.ALREADY_PAID, _("Phí, lệ phí của hồ sơ này đã được thanh toán."))
    details = _details(dossier, demand)  # refused first when a collecting agency has no beneficiary account
    tx = PaymentTransaction.objects.create(demand=demand, reference=_reference(), provider=provider,
                                           amount=demand.total, state=TxState.CREATED)  # fmt: skip
    return tx, details


@transaction.atomic
def _attempt_pending(tx: PaymentTransaction) -> None:
    PaymentTransaction.objects.filter(pk=tx.pk, state=TxState.CREATED).update(state=TxState.PENDING,
                                                                              updated_at=timezone.now())  # fmt: skip
    tx.state = TxState.PENDING
    demand = FeeDemand.objects.select_for_update().get(pk=tx.demand_id)
    if demand.state not in (DemandState.PAID, DemandState.REFUNDED):
        demand.state = DemandState.PENDING
        demand.save(update_fields=["state", "updated_at"])


def _details(dossier: Dossier, demand: FeeDemand) -> PaymentDetails:
    dossier = Dossier.objects.select_related("agency", "procedure_version__procedure").get(pk=dossier.pk)
    version = dossier.procedure_version
    lines = list(demand.lines.order_by("id"))
    accounts = beneficiary_accounts(agency_ids={collecting_agency_id(line, dossier) for line in lines})
    fees = tuple(FeeItem(kind=line.kind, code=line.code, name=line.name, amount=line.amount,
                         account=accounts[collecting_agency_id(line, dossier)]) for line in lines)  # fmt: skip
    return PaymentDetails(dossier_code=dossier.code or "", procedure_code=version.procedure.national_code,
                          procedure_name=version.name, agency_code=dossier.agency.identifier_code,
                          agency_name=dossier.agency.name, payer_name=dossier.applicant_name,
                          payer_id_number=dossier.applicant_id_number, payer_address=dossier.applicant_address,
                          fees=fees, account=fees[0].account if fees else None)  # fmt: skip


def beneficiary_accounts(*, agency_ids: set[int]) -> dict[int, Account]:
    """The beneficiary account of each collecting agency; a payment is refused, in words, while one has none (the
    money would have nowhere to go: the IT officer enters it in Quản trị → Tài khoản thụ hưởng của cơ quan thu)."""
    found = {row.agency_id: Account(bank_code=row.bank_code, bank_name=row.bank_name, number=row.account_number,
                                    name=row.account_name)
             for row in BeneficiaryAccount.objects.filter(agency_id__in=agency_ids)}  # fmt: skip
    if missing := sorted(agency_ids - found.keys()):
        names = ", ".join(Agency.objects.filter(pk__in=missing).order_by("name").values_list("name", flat=True))
        raise PaymentError(PaymentError.NO_BENEFICIARY_ACCOUNT,
                           _("%(agency)s chưa khai báo tài khoản thụ hưởng nên chưa nhận thanh toán trực tuyến. "
                             "Ông/Bà vui lòng nộp phí, lệ phí tại Bộ phận Một cửa hoặc thử lại sau.")
                           % {"agency": names})  # fmt: skip
    return found


# A dossier refused, withdrawn or stopped takes no payment at the desk (what was paid is refunded, not added to).
DESK_CLOSED = (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED)


@transaction.atomic
def payment_record_at_desk(
    *, officer, dossier: Dossier, method: str, amount: int, slip_number: str = ""
) -> PaymentTransaction:
    """A payment taken at the one-stop desk (issue 13 item 4), in cash or by card on the agency's POS terminal: only
    the receivers of the agency that received the dossier record it; the amount is the demand's total; the demand is
    paid and the dossier's `fee_paid` event written in this transaction, through the one writer the online callback
    uses. A card payment names its slip number (số hóa đơn POS), kept as the provider's transaction number."""
    if method not in DESK_PROVIDERS:
        raise ValueError(f"not a desk payment method: {method!r}")
    dossier = Dossier.objects.select_related("agency").get(pk=dossier.pk)
    require_role(officer, dossier.agency, [Role.RECEIVER])
    if dossier.status in DESK_CLOSED:
        raise PaymentError(PaymentError.DOSSIER_CLOSED,
                           _("Hồ sơ đã kết thúc (%(status)s): không thu phí, lệ phí.")
                           % {"status": dossier.get_status_display()})  # fmt: skip
    slip_number = slip_number.strip()
    if method == Provider.POS and not slip_number:
        raise PaymentError(PaymentError.SLIP_REQUIRED, _("Thanh toán bằng thẻ cần số hóa đơn (phiếu) POS."))
    demand = demand_ensure(dossier_id=dossier.pk)
    if demand is None:
        raise PaymentError(PaymentError.NO_DEMAND, _("Hồ sơ không có khoản phí, lệ phí phải nộp."))
    demand = FeeDemand.objects.select_for_update().get(pk=demand.pk)
    if demand.state in (DemandState.PAID, DemandState.REFUNDED):
        raise PaymentError(PaymentError.ALREADY_PAID, _("Phí, lệ phí của hồ sơ này đã được thanh toán."))
    if amount != demand.total:
        raise PaymentError(PaymentError.WRONG_AMOUNT,
                           _("Số tiền thu (%(amount)s) khác số tiền phải nộp (%(total)s).")
                           % {"amount": amount_short(amount), "total": amount_short(demand.total)})  # fmt: skip
    now = timezone.now()
    tx = PaymentTransaction.objects.create(demand=demand, reference=_reference(), provider=method, amount=amount,
                                           state=TxState.PAID, paid_at=now, provider_transaction=slip_number[:40],
                                           recorded_by=officer)  # fmt: skip
    demand.state, demand.paid_at = DemandState.PAID, now
    demand.save(update_fields=["state", "paid_at", "updated_at"])
    dossier_fee_paid(dossier_id=dossier.pk, reference=tx.reference, provider=method, amount=amount, paid_at=now,
                     online=False, actor=officer, slip_number=slip_number,
                     receipt_waits=_receipt_waits(demand))  # fmt: skip
    receipts_enqueue(transaction_id=tx.pk)
    return tx


def payment_callback_apply(*, provider: str, params: Mapping[str, str]) -> CallbackOutcome:
    """A provider's server-to-server callback (VNPAY IPN, the national platform's CONFIRM): verified (signature,
    reference, amount), applied at most once, recorded with the reply whatever it was. The reply code is what the
    provider expects back."""
    params = {str(key): str(value) for key, value in params.items()}
    adapter = provider_for(provider)
    try:
        callback = adapter.verify_callback(params)
    except BadSignatureError:
        return _outlasting_locks(lambda: _record(provider=provider, reference=params.get(adapter.reference_key, ""),
                                                 params=params, outcome=CallbackOutcome.BAD_SIGNATURE))  # fmt: skip
    return _outlasting_locks(lambda: _settle(provider=provider, callback=callback, params=params))


# A callback that met another write holding its rows (SQLite's busy lock, PostgreSQL's lock_timeout, a deadlock)
# is tried again in the same request before the provider is answered 99: applying it is idempotent (the attempt is
# locked and its state checked), and the citizen's payment should not wait for the provider's next retry or the
# 15-minute query because someone else was writing. The pauses between tries, in seconds (3.7 s in all).
LOCK_RETRY_PAUSES = (0.2, 0.5, 1.0, 2.0)


def _outlasting_locks(apply):
    for pause in (*LOCK_RETRY_PAUSES, None):
        try:
            return apply()
        except OperationalError as exc:
            # Inside a caller's transaction a failed statement spoils the whole of it: only the caller may retry.
            if pause is None or not database_busy(exc) or transaction.get_connection().in_atomic_block:
                raise
        time.sleep(pause)
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def _settle(*, provider: str, callback: Callback, params: Mapping[str, str] | None) -> CallbackOutcome:
    tx = PaymentTransaction.objects.select_for_update().filter(reference=callback.reference, provider=provider).first()
    if tx is None:
        outcome = CallbackOutcome.NOT_FOUND
    elif callback.amount != tx.amount:
        outcome = CallbackOutcome.WRONG_AMOUNT
    elif tx.state in FINAL_TX_STATES:
        outcome = CallbackOutcome.ALREADY_CONFIRMED  # a duplicate or a late callback changes nothing
    else:
        _apply(tx, callback)
        outcome = CallbackOutcome.APPLIED
    if params is not None:
        _record(provider=provider, reference=callback.reference, params=params, outcome=outcome, tx=tx)
    return outcome


def _apply(tx: PaymentTransaction, callback: Callback) -> None:
    demand = FeeDemand.objects.select_for_update().get(pk=tx.demand_id)
    now = timezone.now()
    tx.response_code, tx.provider_transaction = callback.response_code[:4], callback.provider_transaction[:40]
    tx.bank_code = callback.bank_code[:20]
    if callback.success:
        tx.state, tx.paid_at = TxState.PAID, callback.paid_at or now
        if demand.state == DemandState.PAID:
            tx.surplus = True  # a second attempt paid too: the finance officer refunds it
        else:
            demand.state, demand.paid_at = DemandState.PAID, tx.paid_at
            demand.save(update_fields=["state", "paid_at", "updated_at"])
            dossier_fee_paid(dossier_id=demand.dossier_id, reference=tx.reference, provider=tx.provider,
                             amount=tx.amount, paid_at=tx.paid_at, receipt_waits=_receipt_waits(demand))  # fmt: skip
            receipts_enqueue(transaction_id=tx.pk)
    else:
        tx.state = TxState.FAILED
        others = demand.transactions.exclude(pk=tx.pk).filter(state=TxState.PENDING).exists()
        if demand.state == DemandState.PENDING and not others:
            demand.state = DemandState.FAILED
            demand.save(update_fields=["state", "updated_at"])
    tx.save(update_fields=["state", "paid_at", "response_code", "provider_transaction", "bank_code", "surplus",
                           "updated_at"])  # fmt: skip


def _receipt_waits(demand: FeeDemand) -> bool:
    """Payment is a condition of receipt when a line of the demand is due at receipt (issue 13 §3)."""
    return demand.lines.filter(due=FeeDue.AT_RECEIPT).exists()


def _record(*, provider: str, reference: str, params: Mapping[str, str], outcome: str,
            tx: PaymentTransaction | None = None) -> CallbackOutcome:  # fmt: skip
    PaymentCallback.objects.create(provider=provider, reference=reference[:40],
                                   transaction=tx, outcome=outcome, params=dict(params))  # fmt: skip
    return CallbackOutcome(outcome)


def payment_query_stale(*, now: dt.datetime | None = None, client_ip: str = "127.0.0.1") -> dict[str, int]:
    """Ask the provider about every attempt still pending after 15 minutes (a lost IPN is found here): paid ones
    are applied as an IPN would be, failed ones fail, unknown or abandoned ones expire."""
    now = now or timezone.now()
    stale = PaymentTransaction.objects.filter(
        state=TxState.PENDING, created_at__lt=now - dt.timedelta(seconds=PENDING_QUERY_AFTER_SECONDS)
    )
    counts = {"paid": 0, "failed": 0, "expired": 0, "unreachable": 0}
    for tx in stale.order_by("id"):
        try:
            result = provider_for(tx.provider).query(reference=tx.reference, created_at=tx.created_at,
                                                     client_ip=client_ip)  # fmt: skip
        except (ProviderError, BadSignatureError):
            counts["unreachable"] += 1
            continue
        if result.found and result.status not in ("", "01"):
            callback = Callback(reference=tx.reference, amount=result.amount, success=result.success,
                                response_code=result.status, provider_transaction=result.provider_transaction,
                                paid_at=result.paid_at)  # fmt: skip
            if _settle(provider=tx.provider, callback=callback, params=None) == CallbackOutcome.APPLIED:
                counts["paid" if result.success else "failed"] += 1
            continue
        counts["expired"] += _expire(tx_id=tx.pk)
    return counts


@transaction.atomic
def _expire(*, tx_id: int) -> int:
    tx = PaymentTransaction.objects.select_for_update().get(pk=tx_id)
    if tx.state != TxState.PENDING:
        return 0
    tx.state = TxState.EXPIRED
    tx.save(update_fields=["state", "updated_at"])
    demand = FeeDemand.objects.select_for_update().get(pk=tx.demand_id)
    if demand.state == DemandState.PENDING and not demand.transactions.filter(state=TxState.PENDING).exists():
        demand.state = DemandState.EXPIRED
        demand.save(update_fields=["state", "updated_at"])
    return 1


@transaction.atomic
def payment_refund(*, transaction_id: int, by: str, actor=None, client_ip: str = "127.0.0.1") -> PaymentTransaction:
    """Give a paid attempt back (a surplus payment, a refused dossier), recorded in the dossier's history."""
    tx = PaymentTransaction.objects.select_for_update().get(pk=transaction_id)
    if tx.state != TxState.PAID:
        raise PaymentError(PaymentError.NOT_REFUNDABLE, _("Chỉ hoàn trả được giao dịch đã thanh toán thành công."))
    # A desk payment is given back at the desk (cash, or a reversal on the POS terminal): no provider to ask.
    if tx.provider not in DESK_PROVIDERS and not _provider_refund(tx, by=by, client_ip=client_ip):
        raise PaymentError(PaymentError.PROVIDER, _("Kênh thanh toán từ chối hoàn trả."))
    tx.state = TxState.REFUNDED
    tx.save(update_fields=["state", "updated_at"])
    demand = FeeDemand.objects.select_for_update().get(pk=tx.demand_id)
    if not tx.surplus:
        demand.state = DemandState.REFUNDED
        demand.save(update_fields=["state", "updated_at"])
    dossier_fee_refunded(dossier_id=demand.dossier_id, reference=tx.reference, provider=tx.provider,
                         amount=tx.amount, actor=actor)  # fmt: skip
    return tx


def _provider_refund(tx: PaymentTransaction, *, by: str, client_ip: str) -> bool:
    try:
        return provider_for(tx.provider).refund(reference=tx.reference, amount=tx.amount,
                                                provider_transaction=tx.provider_transaction,
                                                created_at=tx.created_at, by=by, client_ip=client_ip)  # fmt: skip
    except (ProviderError, BadSignatureError) as exc:
        raise PaymentError(PaymentError.PROVIDER, _("Kênh thanh toán không phản hồi; thử lại sau.")) from exc
