"""Issue 13 item 1: the beneficiary account per collecting agency (tài khoản thụ hưởng: bank, account number, account
name), held as data the IT officer edits; a fee line's collector decides which. It goes in the national platform's
INIT (`TKThuHuong`, `MaNHThuHuong`, `TenTKThuHuong`, and per fee line) and on the e-receipt; a payment for an agency
without one is refused in plain Vietnamese and leaves nothing behind."""

import re

import pytest
from django.test import Client

from lienthong.catalogue.models import Fee
from lienthong.payments.errors import PaymentError
from lienthong.payments.models import BeneficiaryAccount, PaymentTransaction
from lienthong.payments.services import payment_start
from tests.payments.conftest import confirm

pytestmark = pytest.mark.django_db


def start(dossier, provider="paygov"):
    return payment_start(dossier=dossier, provider=provider, return_url="http://testserver/r", client_ip="1.2.3.4")


def test_a_payment_for_an_agency_without_an_account_is_refused_in_words(client, receive, bank, province):
    dossier = receive()
    BeneficiaryAccount.objects.filter(agency=province["commune_centre"]).delete()
    with pytest.raises(PaymentError) as refused:
        start(dossier, provider="vnpay")
    assert refused.value.code == PaymentError.NO_BENEFICIARY_ACCOUNT
    assert refused.value.message == (
        f"{province['commune_centre'].name} chưa khai báo tài khoản thụ hưởng nên chưa nhận thanh toán trực tuyến. "
        "Ông/Bà vui lòng nộp phí, lệ phí tại Bộ phận Một cửa hoặc thử lại sau."
    )
    assert not PaymentTransaction.objects.exists()  # nothing kept, the demand not made pending
    assert dossier.fee_demand.state == "created"

    page = client.get("/tra-cuu/", {"code": dossier.code, "digits": "5678"}).content.decode()
    pay_url = re.search(r'action="(/thanh-toan/ho-so/[^"]+/)"', page).group(1)
    answer = client.post(pay_url)
    assert answer.status_code < 500
    assert "chưa khai báo tài khoản thụ hưởng" in answer.content.decode()


def test_the_init_carries_each_collectors_account(receive, platform, province, fees):
    """Two agencies collect lines of one dossier: each line carries its collector's account; the payment's own
    account is its first line's collector's."""
    Fee.objects.filter(version=fees, code="DD-02").update(collecting_agency=province["department"])
    dossier = receive()
    tx, _url = start(dossier)
    init = platform.platform.orders[tx.reference].init["ThongTinBienLai"]
    centre = BeneficiaryAccount.objects.get(agency=province["commune_centre"])
    department = BeneficiaryAccount.objects.get(agency=province["department"])
    assert (init["TKThuHuong"], init["MaNHThuHuong"], init["TenTKThuHuong"]) == (
        centre.account_number, "KBNN", province["commune_centre"].name
    )  # fmt: skip
    assert [(item["MaPhiLePhi"], item["TKThuHuong"]) for item in init["PhiLePhi"]] == [
        ("DD-01", centre.account_number), ("DD-02", department.account_number)
    ]  # fmt: skip


def test_the_e_receipt_names_the_collectors_account(client, receive, platform, receipts, province, fees,
                                                   django_capture_on_commit_callbacks):  # fmt: skip
    Fee.objects.filter(version=fees, code="DD-02").update(collecting_agency=province["department"])
    dossier = receive()
    tx, _url = start(dossier)
    platform.platform.pay(tx.reference)
    (callback,) = platform.platform.confirms_take()
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(client, callback)["MaLoi"] == "00"
    department = BeneficiaryAccount.objects.get(agency=province["department"])
    issued = {receipt.invoice["Products"][0]["Code"]: receipt for receipt in receipts.book.receipts.values()}
    assert issued["DD-02"].invoice["BeneficiaryAccount"] == department.account_number
    assert issued["DD-02"].invoice["BeneficiaryName"] == province["department"].name
    assert b"Tai khoan thu huong: " + department.account_number.encode() in receipts.book.document(issued["DD-02"].key)


def test_the_it_officer_enters_the_account_of_their_own_agency_only(province, officers):
    officer = officers["it_officer@commune_centre"]
    officer.is_staff = True
    officer.save()
    admin = Client()
    admin.force_login(officer)
    data = {"agency": province["commune_centre"].pk, "bank_code": "VCB", "bank_name": "Vietcombank Đồng Nai",
            "account_number": "0071000123456", "account_name": "Trung tâm Phục vụ hành chính công xã"}  # fmt: skip
    assert admin.post("/admin/payments/beneficiaryaccount/add/", data).status_code == 302
    account = BeneficiaryAccount.objects.get(agency=province["commune_centre"])
    assert (account.bank_code, account.account_number) == ("VCB", "0071000123456")

    other = admin.post("/admin/payments/beneficiaryaccount/add/", data | {"agency": province["department"].pk})
    assert other.status_code == 200 and not BeneficiaryAccount.objects.filter(agency=province["department"]).exists()
    bad = admin.post(f"/admin/payments/beneficiaryaccount/{account.pk}/change/", data | {"account_number": "12 34"})
    assert "Số tài khoản gồm 6 đến 20 chữ số" in bad.content.decode()
