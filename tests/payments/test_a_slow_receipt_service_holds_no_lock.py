"""Issue 13 item 5: cancelling or replacing an e-receipt holds no database transaction while the e-receipt service
is asked (an HTTP call): the checks under a short lock, the call outside, the result applied under the lock again —
as starting a payment does. A slow service no longer makes other writers wait: while the finance officer's cancel
waits for the service, another connection writes the receipt's and the dossier's rows at once.

Before the split, the cancel held the receipt's row (and on SQLite the database's write lock) for the whole call:
the other writer failed at once (SQLite's shared-cache test database never waits; PostgreSQL with NOWAIT)."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from lienthong.dossiers.models import Dossier
from lienthong.payments.constants import ReceiptState
from lienthong.payments.models import EReceipt
from lienthong.payments.receipt_simulator import Fault
from lienthong.payments.receipting import receipt_cancel, receipt_replace

pytestmark = pytest.mark.django_db(transaction=True)
SLOW_SECONDS = 1.5


def in_thread(work) -> tuple[threading.Thread, dict]:
    """`work` on its own connection (as another request would run it); its result or its error in `outcome`."""
    outcome: dict = {}

    def run():
        try:
            outcome["result"] = work()
        except Exception as error:  # noqa: BLE001 — handed to the test
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def the_service_is_asked(book, action: str) -> None:
    """Until the service has carried out the call (it answers SLOW_SECONDS later)."""
    for _ in range(200):
        if any(call[0] == action for call in book.calls):
            return
        time.sleep(0.02)
    raise AssertionError(f"the service was never asked to {action}")


def write_now(receipt_id: int, dossier_id: int) -> None:
    """Another writer, which gives up at once if a row (or SQLite's database) is held."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            EReceipt.objects.select_for_update(nowait=True).get(pk=receipt_id)
            Dossier.objects.select_for_update(nowait=True).get(pk=dossier_id)
        EReceipt.objects.filter(pk=receipt_id).update(updated_at=timezone.now())
        Dossier.objects.filter(pk=dossier_id).update(updated_at=timezone.now())


@pytest.mark.parametrize("change", ["cancel", "replace"])
def test_a_slow_service_does_not_hold_the_receipt_while_it_answers(change, receipts, paid_at_desk, officers,
                                                                   settings):  # fmt: skip
    settings.LIENTHONG_ERECEIPT_TIMEOUT = SLOW_SECONDS + 3  # slow, not timed out
    dossier, tx = paid_at_desk()
    first = EReceipt.objects.filter(transaction=tx).order_by("line_id").first()
    finance = officers["finance@commune_centre"]
    receipts.book.calls.clear()
    receipts.book.inject(Fault("timeout", seconds=SLOW_SECONDS))
    if change == "cancel":
        thread, outcome = in_thread(lambda: receipt_cancel(officer=finance, receipt_id=first.pk, reason="Nộp nhầm"))
    else:
        thread, outcome = in_thread(lambda: receipt_replace(officer=finance, receipt_id=first.pk, reason="Sai tên",
                                                            payer_name="Nguyễn Thị Hoà"))  # fmt: skip
    try:
        the_service_is_asked(receipts.book, change)
        started = time.monotonic()
        write_now(first.pk, dossier.pk)  # raised "database table is locked" / "could not obtain lock" before
        assert time.monotonic() - started < SLOW_SECONDS  # it did not wait for the service either
        assert thread.is_alive()  # the officer's change is still waiting for the service
    finally:
        thread.join(timeout=30)
    assert "error" not in outcome, outcome.get("error")
    first.refresh_from_db()
    expected = ReceiptState.CANCELLED if change == "cancel" else ReceiptState.REPLACED
    assert first.state == expected
    kind = "receipt_cancelled" if change == "cancel" else "receipt_replaced"
    assert dossier.events.filter(kind=kind).count() == 1
