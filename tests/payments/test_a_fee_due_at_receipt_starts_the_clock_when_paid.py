"""Issue 13 §3, last line: when payment is a condition of receipt (a fee line due at receipt), the receipt time and
the appointment run from the payment. An online dossier received by the desk on Monday and paid on Wednesday after
15:00 counts as received at the payment's time, its appointment counted from it on the clock the receipt uses; the
fee_paid event says so, and the tracking page, the slip and the back office's history show the new appointment.
A duplicate callback changes nothing."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from lienthong.core.calendar import format_instant
from lienthong.dossiers.constants import Channel, Status
from lienthong.dossiers.documents.pdf import document_html
from lienthong.dossiers.models import Dossier, DossierEvent
from lienthong.dossiers.services import dossier_receive_submitted, dossier_submit_online
from lienthong.dossiers.services.clock import due_for
from lienthong.payments.constants import CallbackOutcome
from lienthong.payments.services import payment_record_at_desk, payment_start
from tests.dossiers.steps_support import at
from tests.payments.conftest import ipn
from tests.payments.test_a_callback_is_applied_exactly_once import pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def received_online(province, officers, fees, applicant, form_data, documents, django_capture_on_commit_callbacks):
    """Submitted online on Monday 2 March 2026 at 09:00, received by the desk at 10:00 (3 working days' limit)."""
    with time_machine.travel(at(2, 9), tick=False), django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_submit_online(agency=province["commune_centre"], version=fees, channel=Channel.OWN_PORTAL,
                                        applicant=applicant, form_data=form_data)  # fmt: skip
    with time_machine.travel(at(2, 10), tick=False), django_capture_on_commit_callbacks(execute=True):
        dossier_receive_submitted(officer=officers["receiver@commune_centre"], dossier=dossier,
                                  documents_present=documents)  # fmt: skip
    return Dossier.objects.get(pk=dossier.pk)


def test_an_online_dossier_paid_two_working_days_later_counts_from_the_payment(client, received_online, bank):
    dossier = received_online
    first_due = dossier.due_at
    assert dossier.received_at == at(2, 10) and first_due == due_for(version=dossier.procedure_version,
                                                                     received_at=at(2, 10)).instant  # fmt: skip
    with time_machine.travel(at(4, 16, 5), tick=False):  # Wednesday, after the 15:00 cut-off
        tx, url = payment_start(dossier=dossier, provider="vnpay", return_url="http://testserver/r",
                                client_ip="1.2.3.4")  # fmt: skip
        pay(bank, url)
        (callback,) = bank.bank.ipns_take()
        assert ipn(client, callback) == CallbackOutcome.APPLIED

    dossier.refresh_from_db()
    tx.refresh_from_db()
    assert tx.paid_at == at(4, 16, 5)
    expected = due_for(version=dossier.procedure_version, received_at=at(4, 16, 5)).instant
    assert dossier.received_at == at(4, 16, 5)
    assert dossier.due_at == dossier.original_due_at == expected
    # three working days counted from Thursday (paid after 15:00): two days later than the desk's appointment
    assert expected.astimezone(at(2, 9).tzinfo).date() == dt.date(2026, 3, 9)
    assert first_due.astimezone(at(2, 9).tzinfo).date() == dt.date(2026, 3, 5)
    assert dossier.status == Status.RECEIVED
    (event,) = DossierEvent.objects.filter(dossier=dossier, kind="fee_paid")
    moved = {key: dt.datetime.fromisoformat(value) for key, value in event.payload["receipt_moved"].items()
             if key != "due_explanation"}  # fmt: skip
    assert moved == {"received_at_before": at(2, 10), "received_at": at(4, 16, 5), "due_at_before": first_due,
                     "due_at": expected}  # fmt: skip
    assert event.payload["receipt_moved"]["due_explanation"]

    # a duplicate callback, even days later, changes nothing
    with time_machine.travel(at(6, 9), tick=False):
        assert ipn(client, callback) == CallbackOutcome.ALREADY_CONFIRMED
    again = Dossier.objects.get(pk=dossier.pk)
    assert (again.received_at, again.due_at) == (at(4, 16, 5), expected)
    assert DossierEvent.objects.filter(dossier=dossier, kind="fee_paid").count() == 1

    new_due = format_instant(expected.astimezone(at(2, 9).tzinfo).replace(second=0, microsecond=0))
    page = client.get("/tra-cuu/", {"code": dossier.code, "digits": "5678"}).content.decode()
    assert f"Hồ sơ được tính là tiếp nhận từ lúc thanh toán; hẹn trả kết quả mới: {new_due}." in page
    assert "09/03/2026" in page and "05/03/2026" not in page
    slip = document_html(dossier=again, kind="01")
    assert "09/03/2026" in slip and "05/03/2026" not in slip
    officer = Client()
    officer.force_login(received_online.receiver)
    history = officer.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert re.search(r"tiếp nhận tính từ lúc thanh toán [^;]*; hẹn trả " + re.escape(new_due), history)


def test_a_dossier_paid_before_the_desk_receives_it_counts_from_the_desk(client, province, officers, fees, applicant,
                                                                       form_data, documents, bank):  # fmt: skip
    """Paid while still waiting for the desk's check: nothing moves then; the desk's receipt, later, counts from
    itself (it is after the payment)."""
    with time_machine.travel(at(2, 9), tick=False):
        dossier = dossier_submit_online(agency=province["commune_centre"], version=fees, channel=Channel.OWN_PORTAL,
                                        applicant=applicant, form_data=form_data)  # fmt: skip
        tx, url = payment_start(dossier=dossier, provider="vnpay", return_url="http://testserver/r",
                                client_ip="1.2.3.4")  # fmt: skip
        pay(bank, url)
        assert ipn(client, bank.bank.ipns_take()[0]) == CallbackOutcome.APPLIED
    event = DossierEvent.objects.get(dossier=dossier, kind="fee_paid")
    assert "receipt_moved" not in event.payload
    with time_machine.travel(at(3, 10), tick=False):
        received = dossier_receive_submitted(officer=officers["receiver@commune_centre"], dossier=dossier,
                                             documents_present=documents)  # fmt: skip
    assert received.received_at == at(3, 10)


def test_a_fee_due_only_with_the_result_moves_nothing(received_online, officers):
    """No line due at receipt: payment is not a condition of receipt, the desk's appointment stands."""
    dossier = received_online
    dossier.fee_demand.lines.update(due="result")
    before = (dossier.received_at, dossier.due_at)
    with time_machine.travel(at(4, 16, 5), tick=False):
        payment_record_at_desk(officer=officers["receiver@commune_centre"], dossier=dossier, method="cash",
                               amount=600000)  # fmt: skip
    dossier.refresh_from_db()
    assert (dossier.received_at, dossier.due_at) == before
    assert "receipt_moved" not in DossierEvent.objects.get(dossier=dossier, kind="fee_paid").payload


def test_paid_at_the_desk_the_same_minute_the_pages_tell_nothing_new(received_online, officers, client):
    """Paid a few seconds after the receipt: the receipt time follows the payment, but the appointment a reader sees
    (to the minute) is the same, so neither the tracking page nor the history tells of a new one."""
    dossier = received_online
    with time_machine.travel(at(2, 10, 0) + dt.timedelta(seconds=20), tick=False):
        payment_record_at_desk(officer=officers["receiver@commune_centre"], dossier=dossier, method="cash",
                               amount=600000)  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.received_at == at(2, 10) + dt.timedelta(seconds=20)
    assert "receipt_moved" in DossierEvent.objects.get(dossier=dossier, kind="fee_paid").payload
    page = client.get("/tra-cuu/", {"code": dossier.code, "digits": "5678"}).content.decode()
    assert "Đã thanh toán phí, lệ phí: 600.000 đ." in page and "được tính là tiếp nhận" not in page
    officer = Client()
    officer.force_login(officers["receiver@commune_centre"])
    assert "tiếp nhận tính từ lúc thanh toán" not in officer.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()


def test_the_applicant_is_told_the_payment_and_the_appointment_it_now_runs_to(
    client, received_online, bank, mailoutbox, django_capture_on_commit_callbacks
):
    # before, a payment sent the applicant nothing: the moved appointment was only on the tracking page
    from lienthong.notify.models import Message

    dossier = received_online
    mailoutbox.clear()
    with time_machine.travel(at(4, 16, 5), tick=False), django_capture_on_commit_callbacks(execute=True):
        _tx, url = payment_start(dossier=dossier, provider="vnpay", return_url="http://testserver/r",
                                 client_ip="1.2.3.4")  # fmt: skip
        pay(bank, url)
        (callback,) = bank.bank.ipns_take()
        assert ipn(client, callback) == CallbackOutcome.APPLIED
    with time_machine.travel(at(6, 9), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert ipn(client, callback) == CallbackOutcome.ALREADY_CONFIRMED  # a duplicate tells nobody again

    dossier.refresh_from_db()
    new_due = format_instant(dossier.due_at.astimezone(at(2, 9).tzinfo))
    (message,) = Message.objects.filter(dossier=dossier, kind="fee_paid", channel="email")
    (mail,) = [m for m in mailoutbox if "đã nhận phí, lệ phí" in m.subject]
    assert mail.subject == f"Hồ sơ {dossier.code}: đã nhận phí, lệ phí" and mail.to == [dossier.applicant_email]
    amount = f"{_tx.amount:,}".replace(",", ".")  # 600.000: the thousands as Vietnamese write them
    assert f"đã nhận {amount} đồng phí, lệ phí" in mail.body
    assert "hồ sơ được tính là tiếp nhận từ lúc Ông/Bà nộp phí" in mail.body
    assert f"Ngày hẹn trả kết quả: {new_due}" in mail.body and "09/03/2026" in mail.body
    assert "không cần nhập mã" in mail.body and message.body == mail.body
