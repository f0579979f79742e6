"""The nightly reconciliation (issue 13 item 3): every attempt of a day compared with the provider's own list of
that day (its reconciliation file) and, when the finance officer uploads one, with the bank statement (XLSX). What
differs is listed for the finance officer: missing on our side, missing on theirs, amount differs, state differs.

Money, not bookkeeping, is compared: an attempt is "paid", "refunded" or "unpaid" (created, pending, failed,
expired all mean no money moved), so an attempt the payer never took to the bank is not a mismatch."""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.payments.constants import (
    STATEMENT_MAX_BYTES,
    STATEMENT_MAX_ROWS,
    MismatchKind,
    Provider,
    ReconciliationSource,
    TxState,
)
from lienthong.payments.errors import PaymentError
from lienthong.payments.models import Mismatch, PaymentTransaction, Reconciliation
from lienthong.payments.providers import BadSignatureError, ProviderError, provider_for

GMT7 = ZoneInfo("Asia/Ho_Chi_Minh")
REFERENCE = re.compile(r"\bLT\d{6}[0-9A-F]{8}\b")
MONEY = {TxState.PAID: "paid", TxState.REFUNDED: "refunded"}
STATEMENT_COLUMNS = ("Ngày giao dịch", "Số tiền", "Nội dung")
ERRORS_SHOWN = 20


@dataclass(frozen=True)
class Seen:
    amount: int
    state: str  # "paid" | "refunded" | "unpaid"


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=GMT7)
    return start, start + dt.timedelta(days=1)


def ours_of_day(*, day: dt.date, provider: str) -> dict[str, Seen]:
    start, end = _day_bounds(day)
    rows = PaymentTransaction.objects.filter(provider=provider, created_at__gte=start, created_at__lt=end)
    return {ref: Seen(amount, MONEY.get(state, "unpaid")) for ref, amount, state in
            rows.values_list("reference", "amount", "state")}  # fmt: skip


def compare(ours: dict[str, Seen], theirs: dict[str, Seen]) -> list[Mismatch]:
    """What differs between the two lists, unsaved, in reference order."""
    found = []
    for ref in sorted(set(ours) | set(theirs)):
        mine, other = ours.get(ref), theirs.get(ref)
        if other is None:
            if mine.state != "unpaid":  # never taken to the bank: nothing to find there
                found.append(Mismatch(kind=MismatchKind.MISSING_THEIRS, reference=ref, ours_amount=mine.amount,
                                      ours_state=mine.state))  # fmt: skip
        elif mine is None:
            found.append(Mismatch(kind=MismatchKind.MISSING_OURS, reference=ref, theirs_amount=other.amount,
                                  theirs_state=other.state))  # fmt: skip
        elif mine.amount != other.amount:
            found.append(Mismatch(kind=MismatchKind.AMOUNT, reference=ref, ours_amount=mine.amount,
                                  theirs_amount=other.amount, ours_state=mine.state,
                                  theirs_state=other.state))  # fmt: skip
        elif mine.state != other.state:
            found.append(Mismatch(kind=MismatchKind.STATE, reference=ref, ours_amount=mine.amount,
                                  theirs_amount=other.amount, ours_state=mine.state,
                                  theirs_state=other.state))  # fmt: skip
    return found


@transaction.atomic
def _save(*, day: dt.date, source: str, provider: str, compared: int, mismatches: list[Mismatch], file_name: str = "",
          by=None) -> Reconciliation:  # fmt: skip
    run, _created = Reconciliation.objects.update_or_create(
        day=day, source=source, provider=provider,
        defaults={"compared": compared, "file_name": file_name[:255], "made_by": by},
    )  # fmt: skip
    run.mismatches.all().delete()
    for mismatch in mismatches:
        mismatch.reconciliation = run
    Mismatch.objects.bulk_create(mismatches)
    return run


def reconcile_with_provider(*, day: dt.date, provider: str = Provider.VNPAY) -> Reconciliation:
    """The day's attempts against the provider's own list of the day."""
    try:
        listed = provider_for(provider).transactions_of_day(day)
    except (ProviderError, BadSignatureError) as exc:
        raise PaymentError(PaymentError.PROVIDER, _("Không lấy được danh sách giao dịch của cổng thanh toán.")) from exc
    theirs = {row.reference: Seen(row.amount, row.status) for row in listed}
    ours = ours_of_day(day=day, provider=provider)
    return _save(day=day, source=ReconciliationSource.PROVIDER, provider=provider,
                 compared=len(set(ours) | set(theirs)), mismatches=compare(ours, theirs))  # fmt: skip


def reconcile_nightly(*, now: dt.datetime | None = None) -> Reconciliation | None:
    """Yesterday (GMT+7) against the provider, once: the scheduler asks every hour, the first run after midnight
    does it."""
    day = timezone.localtime(now or timezone.now(), GMT7).date() - dt.timedelta(days=1)
    if Reconciliation.objects.filter(day=day, source=ReconciliationSource.PROVIDER, provider=Provider.VNPAY).exists():
        return None
    return reconcile_with_provider(day=day)


# -- the bank statement -------------------------------------------------------------------------------------------


def statement_rows(*, upload, day: dt.date) -> dict[str, Seen]:
    """The credits of `day` on an uploaded statement, by our reference found in their content; a `PaymentError`
    naming each bad row (in Vietnamese) when the file cannot be read as one."""
    import openpyxl

    if upload.size > STATEMENT_MAX_BYTES:
        raise PaymentError(PaymentError.BAD_STATEMENT, _("Tệp sao kê lớn hơn %(mb)s MB.")
                           % {"mb": STATEMENT_MAX_BYTES // (1024 * 1024)})  # fmt: skip
    try:
        book = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise PaymentError(PaymentError.BAD_STATEMENT, _("Tệp không phải bảng tính Excel (.xlsx).")) from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(cell or "").strip() for cell in next(rows, ())]
        missing = [name for name in STATEMENT_COLUMNS if name not in header]
        if missing:
            raise PaymentError(PaymentError.BAD_STATEMENT, _("Dòng 1 thiếu cột: %(columns)s.")
                               % {"columns": ", ".join(missing)})  # fmt: skip
        at = {name: header.index(name) for name in STATEMENT_COLUMNS}
        found, errors = {}, []
        for number, row in enumerate(rows, start=2):
            if number > STATEMENT_MAX_ROWS + 1:
                raise PaymentError(PaymentError.BAD_STATEMENT, _("Tệp sao kê có quá %(rows)s dòng.")
                                   % {"rows": STATEMENT_MAX_ROWS})  # fmt: skip
            cells = [row[at[name]] if at[name] < len(row) else None for name in STATEMENT_COLUMNS]
            if all(cell in (None, "") for cell in cells):
                continue
            when, amount, content = cells
            seen_on = _statement_day(when)
            if seen_on is None:
                errors.append(_("Dòng %(row)s: ngày giao dịch “%(value)s” không đọc được (dd/mm/yyyy).")
                              % {"row": number, "value": when})  # fmt: skip
                continue
            money = _statement_amount(amount)
            if money is None:
                errors.append(_("Dòng %(row)s: số tiền “%(value)s” không phải số nguyên dương.")
                              % {"row": number, "value": amount})  # fmt: skip
                continue
            match = REFERENCE.search(str(content or ""))
            if seen_on == day and match:  # a credit of another day, or not a fee of ours: not compared
                found[match.group(0)] = Seen(money, "paid")
        if errors:
            raise PaymentError(PaymentError.BAD_STATEMENT, _("Tệp sao kê có dòng không hợp lệ."),
                               errors=errors[:ERRORS_SHOWN])  # fmt: skip
        return found
    finally:
        book.close()


def _statement_day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        day, month, year = (int(part) for part in str(value or "").strip().split("/"))
        return dt.date(year, month, day)
    except ValueError:
        return None


def _statement_amount(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and value == int(value) and value > 0:
        return int(value)
    text = str(value or "").strip().replace(".", "").replace(",", "")
    return int(text) if text.isdigit() and int(text) > 0 else None


def reconcile_with_statement(*, day: dt.date, upload, by=None, provider: str = Provider.VNPAY) -> Reconciliation:
    """The day's attempts through the gateway against the credits of an uploaded bank statement."""
    theirs = statement_rows(upload=upload, day=day)
    ours = ours_of_day(day=day, provider=provider)
    # money received is on the statement whether it was refunded later or not
    ours = {ref: Seen(seen.amount, "paid" if seen.state == "refunded" else seen.state) for ref, seen in ours.items()}
    return _save(day=day, source=ReconciliationSource.STATEMENT, provider=provider, by=by,
                 compared=len(set(ours) | set(theirs)), mismatches=compare(ours, theirs),
                 file_name=getattr(upload, "name", ""))  # fmt: skip
