"""The record carries the fees (DanhSachLePhi) of the procedure version the dossier was received under, with when
they are collected and their kind (domain reference §4.2); a fee whose amount the catalogue does not know is not
sent with an invented one (issue 19, point 2). Financial obligations are in the lifecycle test."""

import pytest

from lienthong.catalogue.models import Fee

pytestmark = pytest.mark.django_db


def test_the_fees_with_a_known_amount_reach_the_portal_with_their_kind(portal, receive, procedure):
    # given the procedure's fees: an ordinary one, an appraisal, an extension, one exempt, one not yet known
    for name, amount in [
        ("Lệ phí cấp Giấy chứng nhận", 100_000),
        ("Phí thẩm định hồ sơ", 500_000),
        ("Lệ phí gia hạn", 15_000),
        ("Lệ phí trích lục", 0),
        ("Lệ phí do HĐND quy định", None),
    ]:
        Fee.objects.create(version=procedure, name=name, amount=amount)  # fmt: skip

    # when a dossier is received
    dossier = receive()

    # then the portal holds every fee with a known amount, collected at receipt
    assert portal.record(dossier.code)["DanhSachLePhi"] == [
        {"TenPhiLePhi": "Lệ phí cấp Giấy chứng nhận", "HinhThucThu": 1, "Gia": 100_000, "LoaiPhiLePhi": 1},
        {"TenPhiLePhi": "Phí thẩm định hồ sơ", "HinhThucThu": 1, "Gia": 500_000, "LoaiPhiLePhi": 2},
        {"TenPhiLePhi": "Lệ phí gia hạn", "HinhThucThu": 1, "Gia": 15_000, "LoaiPhiLePhi": 3},
        {"TenPhiLePhi": "Lệ phí trích lục", "HinhThucThu": 1, "Gia": 0, "LoaiPhiLePhi": 1},
    ]


def test_a_fee_paid_online_sets_the_flag_and_its_code_and_moment_travel(portal, receive, procedure, committed):
    """Issue 13 item 7: DuocThanhToanTrucTuyen = 2 (paid through the province's bank gateway) once the dossier's history
    holds a fee_paid event, 0 again after a refund; MaPhiLePhi and HinhThucThu come from the structured fee."""
    from django.utils import timezone

    from lienthong.dossiers.services import dossier_fee_paid, dossier_fee_refunded

    Fee.objects.create(version=procedure, name="Lệ phí cấp Giấy chứng nhận", amount=100_000, code="DD-01", due="result")
    dossier = receive()
    assert portal.record(dossier.code).get("DuocThanhToanTrucTuyen", 0) == 0
    assert portal.record(dossier.code)["DanhSachLePhi"] == [
        {"TenPhiLePhi": "Lệ phí cấp Giấy chứng nhận", "MaPhiLePhi": "DD-01", "HinhThucThu": 4, "Gia": 100_000,
         "LoaiPhiLePhi": 1}
    ]  # fmt: skip

    committed(dossier_fee_paid, dossier_id=dossier.pk, reference="LT1", provider="vnpay", amount=100_000,
              paid_at=timezone.now())  # fmt: skip
    assert portal.record(dossier.code)["DuocThanhToanTrucTuyen"] == 2
    committed(dossier_fee_refunded, dossier_id=dossier.pk, reference="LT1", provider="vnpay", amount=100_000)
    assert portal.record(dossier.code).get("DuocThanhToanTrucTuyen", 0) == 0


def test_a_fee_paid_on_the_national_platform_sets_the_flag_to_1(portal, receive, procedure, committed):
    """DuocThanhToanTrucTuyen = 1 when the fee_paid event names the national payment platform (provider paygov)."""
    from django.utils import timezone

    from lienthong.dossiers.services import dossier_fee_paid

    Fee.objects.create(version=procedure, name="Lệ phí cấp Giấy chứng nhận", amount=100_000, code="DD-01")
    dossier = receive()
    committed(dossier_fee_paid, dossier_id=dossier.pk, reference="LT2", provider="paygov", amount=100_000,
              paid_at=timezone.now())  # fmt: skip
    assert portal.record(dossier.code)["DuocThanhToanTrucTuyen"] == 1
