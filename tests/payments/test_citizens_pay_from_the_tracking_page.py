"""Issue 13 item 6 through the pages (the browser test does it on a phone): the tracking page offers "Thanh toán"
once the code and four digits are given; the payer goes to the gateway (simulated) and comes back to our return
page, which says "paid, awaiting confirmation" until the IPN has confirmed it, then "paid"; the officer sees the
demand paid on the dossier page."""

import re
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.payments.conftest import ipn

pytestmark = pytest.mark.django_db


def track(client, dossier) -> str:
    return client.get("/tra-cuu/", {"code": dossier.code, "digits": "5678"}).content.decode()


def test_a_citizen_pays_from_the_tracking_page_and_the_officer_sees_it_paid(client, receive, bank, officers):
    dossier = receive()
    page = track(client, dossier)
    assert "Phí, lệ phí phải nộp" in page and "600.000 đ" in page and "Chưa thanh toán" in page
    pay_url = re.search(r'action="(/thanh-toan/ho-so/[^"]+/)"', page).group(1)

    to_bank = client.post(pay_url)
    assert to_bank.status_code == 302 and to_bank["Location"].startswith(bank.pay_url)
    with urllib.request.urlopen(to_bank["Location"]) as gateway:  # noqa: S310 — the simulator
        assert "600.000 đ" in gateway.read().decode()
    back = urlsplit(bank.bank.pay(to_bank["Location"].split("vnp_TxnRef=")[1].split("&")[0]))

    awaiting = client.get(back.path + "?" + back.query).content.decode()
    assert "Đã thanh toán, chờ xác nhận" in awaiting and 'http-equiv="refresh"' in awaiting
    assert ipn(client, bank.bank.ipns_take()[0]) == "00"
    confirmed = client.get(back.path + "?" + back.query).content.decode()
    assert "Đã thanh toán. Cơ quan đã nhận" in confirmed and 'http-equiv="refresh"' not in confirmed

    page = track(client, dossier)
    assert "Đã thanh toán" in page and "/thanh-toan/ho-so/" not in page
    assert "Đã thanh toán phí, lệ phí: 600.000 đ." in page  # in the dossier's timeline
    officer = Client()
    officer.force_login(officers["receiver@commune_centre"])
    desk = officer.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert re.search(r'class="fee-demand-state">Đã thanh toán<', desk)


def test_a_forged_return_or_an_expired_link_is_told_plainly(client, receive, bank):
    receive()
    assert "Không xác định được giao dịch" in client.get("/thanh-toan/ket-qua/", {"vnp_TxnRef": "X"}).content.decode()
    response = client.post("/thanh-toan/ho-so/not-a-token/")
    assert response.status_code == 404 and "Liên kết thanh toán không hợp lệ" in response.content.decode()


def test_without_a_gateway_the_tracking_page_offers_no_payment(client, receive, settings):
    settings.LIENTHONG_VNPAY_PAY_URL = ""
    page = track(client, receive())
    assert "Phí, lệ phí phải nộp" in page and "/thanh-toan/ho-so/" not in page


def test_right_after_an_online_submission_the_citizen_can_pay(receive, bank):
    """The confirmation page offers to pay at once; the attempt makes the demand if the worker has not yet."""
    from lienthong.dossiers.models import Dossier
    from lienthong.payments.models import FeeDemand
    from tests.submission.conftest import citizen_make

    citizen = citizen_make("Nguyễn Thị Hoa", "hoa@example.vn")
    dossier = receive()
    Dossier.objects.filter(pk=dossier.pk).update(citizen=citizen)  # as if she had submitted it from her account
    FeeDemand.objects.filter(dossier=dossier).delete()  # the worker has not made it yet
    phone = Client()
    phone.force_login(citizen)

    done = phone.get(f"/nop-ho-so/da-nop/{dossier.code}/").content.decode()
    assert "Phí, lệ phí phải nộp" in done and "600.000 đ" in done
    pay_url = re.search(r'action="(/thanh-toan/ho-so/[^"]+/)"', done).group(1)
    assert phone.post(pay_url)["Location"].startswith(bank.pay_url)
    assert FeeDemand.objects.get(dossier=dossier).state == "pending"


def test_the_link_in_a_message_and_her_account_offer_the_same_payment(client, receive, bank):
    """Before, only the look-up by code and digits offered "Thanh toán": the signed link of the applicant's
    messages and "Hồ sơ của tôi" showed the fees owed with no way to pay them."""
    from lienthong.dossiers.models import Dossier
    from lienthong.notify.links import track_token
    from tests.submission.conftest import citizen_make

    dossier = receive()
    by_link = client.get("/tra-cuu/", {"t": track_token(dossier.code)}).content.decode()
    assert "Phí, lệ phí phải nộp" in by_link and 'action="/thanh-toan/ho-so/' in by_link

    citizen = citizen_make("Nguyễn Thị Hoa", "hoa@example.vn")
    Dossier.objects.filter(pk=dossier.pk).update(citizen=citizen)
    phone = Client()
    phone.force_login(citizen)
    mine = phone.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    assert "Phí, lệ phí phải nộp" in mine and "600.000 đ" in mine
    pay_url = re.search(r'action="(/thanh-toan/ho-so/[^"]+/)"', mine).group(1)
    assert phone.post(pay_url)["Location"].startswith(bank.pay_url)


def test_a_return_while_a_write_holds_the_table_reads_awaiting_and_looks_again(client, receive, bank, monkeypatch):
    """The phone browser test's citizen came back to "Hệ thống đang bận" (503, no way on) when the IPN's write held
    the table as her return page read it: she is now told what the bank said, and the page looks again."""
    from django.db import OperationalError

    from lienthong.payments import selectors

    dossier = receive()
    pay_url = re.search(r'action="(/thanh-toan/ho-so/[^"]+/)"', track(client, dossier)).group(1)
    to_bank = client.post(pay_url)
    with urllib.request.urlopen(to_bank["Location"]):  # noqa: S310 — the simulator
        pass
    back = urlsplit(bank.bank.pay(to_bank["Location"].split("vnp_TxnRef=")[1].split("&")[0]))
    attempt = selectors._attempt

    def locked(reference):
        raise OperationalError("database table is locked: payments_feedemand")

    monkeypatch.setattr(selectors, "_attempt", locked)
    busy = client.get(back.path + "?" + back.query)
    assert busy.status_code == 200
    page = busy.content.decode()
    assert "Đã thanh toán, chờ xác nhận" in page and 'http-equiv="refresh"' in page and "600.000 đ" in page
    monkeypatch.setattr(selectors, "_attempt", attempt)
    assert ipn(client, bank.bank.ipns_take()[0]) == "00"
    assert "Đã thanh toán. Cơ quan đã nhận" in client.get(back.path + "?" + back.query).content.decode()
