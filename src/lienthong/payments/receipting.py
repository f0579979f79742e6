"""Writes of e-receipts (biên lai điện tử, issue 13 item 5): one receipt per fee line of a confirmed payment, asked
of the e-receipt service by the worker after the payment's commit, under a key of our own (the payment's reference
and the line) so that a retry — after a timeout whose answer was lost, a refusal, a second delivery of the task —
finds the receipt already issued instead of making another; the document (PDF) is kept with the dossier's demand;
the finance officer cancels or replaces one, with a reason.

What Decree 123/2020 and Circular 78/2021 require of the receipt's content (the symbols, the number, the payer,
the fee, the amount in figures and words, the method) is sent by the adapter; the template and series are the
collecting agency's registration in force on the day (`ReceiptSeries`): while an agency has none, its receipts wait
(NO_SERIES, shown to the finance officer) and are issued by the sweep once it is entered. Each receipt issued,
cancelled or replaced is an event of the dossier's history, written by the dossier app's service in the same
transaction as the receipt's row."""

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.dossiers.services import dossier_receipt_changed
from lienthong.dossiers.services.guards import require_role
from lienthong.org.constants import Role
from lienthong.payments.constants import RECEIPT_PAYMENT_METHOD, RECEIPT_RETRY_DAYS, ReceiptState, TxState
from lienthong.payments.errors import PaymentError
from lienthong.payments.models import BeneficiaryAccount, EReceipt, FeeDemandLine, PaymentTransaction, ReceiptSeries
from lienthong.payments.receipts import ReceiptRequest, ReceiptServiceError, receipt_service

DONE = (ReceiptState.ISSUED, ReceiptState.CANCELLED, ReceiptState.REPLACED)
REASON_MAX = 500
NO_SERIES = "NO_SERIES"  # the receipt's error while its collecting agency has no series in force


def receipt_series_in_force(*, agency_id: int, on: dt.date) -> ReceiptSeries | None:
    """The agency's registration in force on `on`: the latest whose `valid_from` is not after it."""
    return ReceiptSeries.objects.filter(agency_id=agency_id, valid_from__lte=on).order_by("-valid_from").first()


def collecting_agency_id(line: FeeDemandLine, dossier) -> int:
    """The agency that collects a fee line: the one the catalogue names, else the agency that received the dossier."""
    return line.collecting_agency_id or dossier.agency_id


def _described(receipt: EReceipt) -> dict:
    """A receipt as the dossier's history keeps it (the dossier app knows nothing of the payments models)."""
    return {"key": receipt.key, "template_code": receipt.template_code, "series": receipt.series,
            "number": receipt.number, "amount": receipt.amount, "fee_code": receipt.line.code,
            "fee_name": receipt.line.name, "payer_name": receipt.payer_name, "reference": receipt.transaction.reference,
            "issued_on": receipt.issued_on.isoformat() if receipt.issued_on else ""}  # fmt: skip


def receipts_enqueue(*, transaction_id: int) -> None:
    """After the payment's commit, the worker asks for its receipts (no task at all when no service is configured)."""
    from lienthong.payments.tasks import payments_receipts_issue

    if not settings.LIENTHONG_ERECEIPT_URL:
        return
    transaction.on_commit(lambda: payments_receipts_issue.enqueue(transaction_id))


def receipts_issue(*, transaction_id: int) -> dict[str, int]:
    """Every fee line of this payment has its receipt, issued once: the counts of this run."""
    service = receipt_service()
    counts = {"issued": 0, "pending": 0}
    if service is None:
        return counts
    tx = PaymentTransaction.objects.select_related("demand__dossier").get(pk=transaction_id)
    if tx.state != TxState.PAID or tx.surplus:
        return counts  # a surplus payment is refunded, not receipted
    for line in tx.demand.lines.all():
        receipt = _row(tx, line)
        if receipt.state != ReceiptState.PENDING:
            continue
        series = receipt_series_in_force(agency_id=collecting_agency_id(line, tx.demand.dossier),
                                         on=timezone.localdate())  # fmt: skip
        if series is None:  # nothing is sent: the receipt waits for the agency's registration (the sweep retries)
            _pending(receipt, NO_SERIES)
            counts["pending"] += 1
            continue
        request = _request(tx, line, key=receipt.key, payer_name=receipt.payer_name, series=series)
        try:
            issued = service.issue(request)
        except ReceiptServiceError as refused:
            _pending(receipt, refused.code)
            counts["pending"] += 1
            continue
        if _issued(receipt, issued):
            _document_store(receipt, service)
            counts["issued"] += 1
    return counts


def _pending(receipt: EReceipt, code: str) -> None:
    EReceipt.objects.filter(pk=receipt.pk, state=ReceiptState.PENDING).update(
        error=code[:40], attempts=receipt.attempts + 1, updated_at=timezone.now()
    )


@transaction.atomic
def _issued(receipt: EReceipt, issued) -> bool:
    """The receipt issued, with its event in the dossier's history, once (a second worker finds it done)."""
    receipt = EReceipt.objects.select_for_update().select_related("transaction__demand", "line").get(pk=receipt.pk)
    if receipt.state != ReceiptState.PENDING:
        return False
    receipt.template_code, receipt.series, receipt.number = issued.template_code, issued.series, issued.number
    receipt.issued_on, receipt.state, receipt.error = issued.issued_on, ReceiptState.ISSUED, ""
    receipt.attempts += 1
    receipt.save(update_fields=["template_code", "series", "number", "issued_on", "state", "error", "attempts",
                                "updated_at"])  # fmt: skip
    dossier_receipt_changed(dossier_id=receipt.transaction.demand.dossier_id, change="issued",
                            receipt=_described(receipt))  # fmt: skip
    return True


def _row(tx: PaymentTransaction, line: FeeDemandLine) -> EReceipt:
    """The line's receipt row for this payment, made once (a second worker finds the first one's)."""
    found = EReceipt.objects.filter(transaction=tx, line=line, replaces__isnull=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return EReceipt.objects.create(transaction=tx, line=line, key=f"{tx.reference}-{line.pk}",
                                           amount=line.amount,
                                           payer_name=tx.demand.dossier.applicant_name[:255])  # fmt: skip
    except IntegrityError:
        return EReceipt.objects.get(transaction=tx, line=line, replaces__isnull=True)


def _request(tx: PaymentTransaction, line: FeeDemandLine, *, key: str, payer_name: str,
             series: ReceiptSeries) -> ReceiptRequest:  # fmt: skip
    dossier = tx.demand.dossier
    account = BeneficiaryAccount.objects.filter(agency_id=collecting_agency_id(line, dossier)).first()
    return ReceiptRequest(account_number=account.account_number if account else "",
                          account_bank=account.bank_name if account else "",
                          account_name=account.account_name if account else "", key=key, payer_name=payer_name,
                          payer_id=dossier.applicant_id_number or "",
                          payer_address=dossier.applicant_address or "", fee_code=line.code, fee_name=line.name,
                          amount=line.amount, payment_method=RECEIPT_PAYMENT_METHOD.get(tx.provider, "CK"),
                          issued_on=timezone.localdate(), dossier_code=dossier.code or "",
                          template_code=series.template_code, series=series.series)  # fmt: skip


def _document_store(receipt: EReceipt, service) -> bool:
    """The receipt's PDF, kept with it; when the service cannot give it now, it is fetched at the first download."""
    try:
        pdf = service.document(key=receipt.key)
    except ReceiptServiceError:
        return False
    receipt.document.save(f"{receipt.key}.pdf", ContentFile(pdf), save=False)
    receipt.save(update_fields=["document", "updated_at"])
    return True


def receipts_issue_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The sweep: payments of the last days whose lines do not all have a receipt (a lost task, a service that was
    down or refused) are asked for again."""
    if receipt_service() is None:
        return {}
    now = now or timezone.now()
    due = (
        PaymentTransaction.objects.filter(state=TxState.PAID, surplus=False,
                                          paid_at__gte=now - dt.timedelta(days=RECEIPT_RETRY_DAYS))
        .annotate(lines=Count("demand__lines", distinct=True),
                  done=Count("receipts", filter=Q(receipts__state__in=DONE, receipts__replaces__isnull=True),
                             distinct=True))
        .filter(done__lt=F("lines"))
    )  # fmt: skip
    # A receipt that waited for its agency's series waits as long as it takes: it is asked for once the series is in.
    waiting = EReceipt.objects.filter(state=ReceiptState.PENDING, error=NO_SERIES).values_list("transaction_id",
                                                                                              flat=True)  # fmt: skip
    counts = {"issued": 0, "pending": 0}
    for tx_id in sorted(set(due.values_list("pk", flat=True)[:500]) | set(waiting[:500])):
        for name, value in receipts_issue(transaction_id=tx_id).items():
            counts[name] += value
    return counts


def receipt_document(*, receipt: EReceipt) -> EReceipt:
    """The receipt with its document, fetched from the service now if it was not at issue."""
    if receipt.document or receipt.state == ReceiptState.PENDING:
        return receipt
    service = receipt_service()
    if service is None or not _document_store(receipt, service):
        raise PaymentError(PaymentError.PROVIDER, _("Chưa lấy được tệp biên lai từ hệ thống biên lai điện tử."))
    return receipt


def _finance_checked(officer, receipt_id: int, reason: str) -> tuple[EReceipt, str]:
    receipt = EReceipt.objects.select_for_update().select_related("transaction__demand__dossier__agency",
                                                                  "line").get(pk=receipt_id)  # fmt: skip
    require_role(officer, receipt.transaction.demand.dossier.agency, [Role.FINANCE])
    reason = " ".join((reason or "").split())
    if not reason:
        raise PaymentError(PaymentError.REASON_REQUIRED, _("Cần ghi lý do hủy hoặc thay thế biên lai."))
    if receipt.state != ReceiptState.ISSUED:
        raise PaymentError(PaymentError.RECEIPT_NOT_ISSUED,
                           _("Chỉ hủy hoặc thay thế được biên lai đã lập và còn hiệu lực."))  # fmt: skip
    return receipt, reason[:REASON_MAX]


def _service_or_refuse():
    service = receipt_service()
    if service is None:
        raise PaymentError(PaymentError.PROVIDER, _("Chưa kết nối hệ thống biên lai điện tử."))
    return service


# Cancelling and replacing hold no database transaction while the e-receipt service is asked (an HTTP call, up to
# LIENTHONG_ERECEIPT_TIMEOUT): on SQLite that would hold the database's one write lock, on PostgreSQL the receipt's
# and the dossier's rows, and every payment's callback would queue behind a slow service. As payment start does:
# the checks under a short lock, the call outside, the result applied under the lock again — if another officer
# finished first, theirs stands (the service keeps our keys unique, so the same replacement is not made twice).


def receipt_cancel(*, officer, receipt_id: int, reason: str) -> EReceipt:
    """The finance officer cancels an issued receipt at the service, with a reason (the payment stands: a refund is
    its own act)."""
    with transaction.atomic():
        receipt, reason = _finance_checked(officer, receipt_id, reason)
    service = _service_or_refuse()
    try:
        service.cancel(key=receipt.key, reason=reason)
    except ReceiptServiceError as refused:
        raise PaymentError(PaymentError.PROVIDER, _("Hệ thống biên lai điện tử từ chối hủy (mã %(code)s).")
                           % {"code": refused.code}) from refused  # fmt: skip
    return _cancelled(officer=officer, receipt_id=receipt.pk, reason=reason)


@transaction.atomic
def _cancelled(*, officer, receipt_id: int, reason: str) -> EReceipt:
    receipt = EReceipt.objects.select_for_update().select_related("transaction__demand", "line").get(pk=receipt_id)
    if receipt.state != ReceiptState.ISSUED:
        return receipt  # cancelled or replaced meanwhile by another officer: theirs is the history's
    receipt.state, receipt.reason, receipt.changed_by, receipt.changed_at = (
        ReceiptState.CANCELLED,
        reason,
        officer,
        timezone.now(),
    )
    receipt.save(update_fields=["state", "reason", "changed_by", "changed_at", "updated_at"])
    dossier_receipt_changed(dossier_id=receipt.transaction.demand.dossier_id, change="cancelled",
                            receipt=_described(receipt), reason=reason, actor=officer)  # fmt: skip
    return receipt


def receipt_replace(*, officer, receipt_id: int, reason: str, payer_name: str) -> EReceipt:
    """The finance officer replaces an issued receipt (a payer's name written wrong): a new receipt, numbered by
    the service, pointing at the one it replaces, which the service cancels."""
    with transaction.atomic():
        old, reason = _finance_checked(officer, receipt_id, reason)
        payer_name = " ".join((payer_name or "").split())[:255] or old.payer_name
        generation = EReceipt.objects.filter(transaction=old.transaction, line=old.line).count()
        key = f"{old.transaction.reference}-{old.line_id}-R{generation}"
        agency_id = collecting_agency_id(old.line, old.transaction.demand.dossier)
        series = receipt_series_in_force(agency_id=agency_id, on=timezone.localdate())
        if series is None:
            raise PaymentError(PaymentError.NO_RECEIPT_SERIES, _no_series_message(agency_id))
        request = _request(old.transaction, old.line, key=key, payer_name=payer_name, series=series)
    service = _service_or_refuse()
    try:
        issued = service.replace(old_key=old.key, request=request)
    except ReceiptServiceError as refused:
        raise PaymentError(PaymentError.PROVIDER, _("Hệ thống biên lai điện tử từ chối thay thế (mã %(code)s).")
                           % {"code": refused.code}) from refused  # fmt: skip
    new = _replaced(officer=officer, old_id=old.pk, key=key, payer_name=payer_name, reason=reason, issued=issued)
    if not new.document:
        _document_store(new, service)
    return new


@transaction.atomic
def _replaced(*, officer, old_id: int, key: str, payer_name: str, reason: str, issued) -> EReceipt:
    old = EReceipt.objects.select_for_update().select_related("transaction__demand", "line").get(pk=old_id)
    if old.state != ReceiptState.ISSUED:  # replaced meanwhile (the same key: the service made it once) or cancelled
        found = EReceipt.objects.filter(key=key).first()
        if found is not None:
            return found
        raise PaymentError(PaymentError.RECEIPT_NOT_ISSUED,
                           _("Chỉ hủy hoặc thay thế được biên lai đã lập và còn hiệu lực."))  # fmt: skip
    now = timezone.now()
    old.state, old.reason, old.changed_by, old.changed_at = ReceiptState.REPLACED, reason, officer, now
    old.save(update_fields=["state", "reason", "changed_by", "changed_at", "updated_at"])
    new = EReceipt.objects.create(transaction=old.transaction, line=old.line, key=key, amount=old.amount,
                                  payer_name=payer_name, replaces=old, state=ReceiptState.ISSUED,
                                  template_code=issued.template_code, series=issued.series, number=issued.number,
                                  issued_on=issued.issued_on, attempts=1, reason=reason, changed_by=officer,
                                  changed_at=now)  # fmt: skip
    dossier_receipt_changed(dossier_id=old.transaction.demand.dossier_id, change="replaced", receipt=_described(old),
                            replacement=_described(new), reason=reason, actor=officer)  # fmt: skip
    return new


def _no_series_message(agency_id: int) -> str:
    from lienthong.org.models import Agency

    name = Agency.objects.filter(pk=agency_id).values_list("name", flat=True).first() or ""
    return _(
        "%(agency)s chưa khai báo ký hiệu mẫu và ký hiệu biên lai áp dụng hôm nay (Quản trị → Ký hiệu biên lai "
        "của cơ quan thu). Sau khi khai báo, biên lai được lập lại, không mất khoản nào."
    ) % {"agency": name}
