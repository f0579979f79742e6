"""Issue 13 "must show": the national payment platform's `MaXacThuc` (v1.0.6: lowercase hex SHA-256 of the fields
joined with "|", then "|" and the secret) over published-shape INIT, CONFIRM and QUERY messages equals values
computed independently (`openssl dgst -sha256`, and Python's hashlib over the hand-written string), and its times
are on a 24-hour clock in GMT+7 (the 12-hour `hh` seen in production code would give 0330 for 15:30)."""

import datetime as dt
import hashlib
import json

from lienthong.payments.providers.paygov import (
    CONFIRM_SIGNED,
    INIT_SIGNED,
    QUERY_SIGNED,
    PaygovProvider,
    paygov_sign,
    paygov_signature_valid,
    paygov_time,
)

SECRET = "PAYGOVGOLDENVECTORSECRETNOTREAL0"  # noqa: S105 — a made-up key for the vector, not a real one
INFO = "Thanh toan phi le phi ho so 000.00.21.H41-261207-0001"
INIT = {"LoaiBanTin": "INIT", "PhienBan": "1.0.6", "MaDoiTac": "000.00.00.H41", "MaThamChieu": "LT261207A1B2C3D4",
        "SoTien": 650000, "LoaiHinhThanhToan": "PAY", "MaKenhThanhToan": "1", "MaThietBi": "1", "NgonNgu": "vi-VN",
        "MaTienTe": "VND", "MaNganHang": "PAYMENT", "ThongTinGiaoDich": INFO, "ThoiGianGD": "20261207153005",
        "Ip": "203.0.113.7"}  # fmt: skip
CONFIRM = {"LoaiBanTin": "CONFIRM", "MaLoi": "00", "MaDoiTac": "000.00.00.H41", "MaThamChieu": "LT261207A1B2C3D4",
           "SoTien": "650000", "MaTienTe": "VND", "MaGiaoDich": "PG000123456", "MaNganHang": "VCB",
           "ThoiGianGD": "20261207153412", "ThongTinGiaoDich": INFO}  # fmt: skip
QUERY = {"LoaiBanTin": "QUERY", "PhienBan": "1.0.6", "MaDoiTac": "000.00.00.H41", "MaThamChieu": "LT261207A1B2C3D4",
         "ThoiGianGD": "20261207160000"}  # fmt: skip
# echo -n "<string>|PAYGOVGOLDENVECTORSECRETNOTREAL0" | openssl dgst -sha256, with the strings below
INIT_STRING = (
    f"INIT|1.0.6|000.00.00.H41|LT261207A1B2C3D4|650000|PAY|1|1|vi-VN|VND|PAYMENT|{INFO}|20261207153005|203.0.113.7"
)
CONFIRM_STRING = f"CONFIRM|00|000.00.00.H41|LT261207A1B2C3D4|650000|VND|PG000123456|VCB|20261207153412|{INFO}"
QUERY_STRING = "QUERY|1.0.6|000.00.00.H41|LT261207A1B2C3D4|20261207160000"
INIT_EXPECTED = "5090ac6844cfe9c46f96364650a248227fdeff9ee9d93c5a09db52ebf354ca2b"
CONFIRM_EXPECTED = "58d45780745f14320f521b4500d435066aa7736b5118cc65cb9296056680a7a5"
QUERY_EXPECTED = "f1385b8bd2529d42d763c6f716b67b1ab4a6765d8a603634475c79ae57cbf53d"


def test_the_strings_are_the_documented_fields_in_order():
    """A second implementation (the string written by hand, hashed with hashlib) agrees with openssl's values."""
    for string, expected in ((INIT_STRING, INIT_EXPECTED), (CONFIRM_STRING, CONFIRM_EXPECTED),
                             (QUERY_STRING, QUERY_EXPECTED)):  # fmt: skip
        assert hashlib.sha256(f"{string}|{SECRET}".encode()).hexdigest() == expected


def test_the_signatures_equal_the_precomputed_values():
    assert paygov_sign(SECRET, INIT, INIT_SIGNED) == INIT_EXPECTED
    assert paygov_sign(SECRET, CONFIRM, CONFIRM_SIGNED) == CONFIRM_EXPECTED
    assert paygov_sign(SECRET, QUERY, QUERY_SIGNED) == QUERY_EXPECTED


def test_a_confirm_is_verified_against_its_signature():
    assert paygov_signature_valid(SECRET, CONFIRM | {"MaXacThuc": CONFIRM_EXPECTED.upper()}, CONFIRM_SIGNED)
    assert not paygov_signature_valid(SECRET, CONFIRM | {"SoTien": "6500000", "MaXacThuc": CONFIRM_EXPECTED},
                                      CONFIRM_SIGNED)  # fmt: skip
    assert not paygov_signature_valid(SECRET, CONFIRM, CONFIRM_SIGNED)  # no MaXacThuc at all
    provider = PaygovProvider(partner_code="000.00.00.H41", secret=SECRET, access_token="t", init_url="", query_url="")
    callback = provider.verify_callback(CONFIRM | {"MaXacThuc": CONFIRM_EXPECTED})
    assert (callback.reference, callback.amount, callback.success) == ("LT261207A1B2C3D4", 650000, True)
    assert callback.paid_at == dt.datetime(2026, 12, 7, 8, 34, 12, tzinfo=dt.UTC)


def test_times_are_on_a_24_hour_clock_in_gmt7(monkeypatch):
    afternoon = dt.datetime(2026, 12, 7, 8, 30, 5, tzinfo=dt.UTC)  # 15:30:05 in Hà Nội
    assert paygov_time(afternoon) == "20261207153005"
    sent: list[dict] = []

    class Reply:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return json.dumps({"error_code": "0", "message": json.dumps({"UrlThanhToan": "https://pay.example/p"})})

    def urlopen(request, timeout):
        sent.append(json.loads(request.data) | {"_auth": request.get_header("Authorization")})
        return Reply()

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    provider = PaygovProvider(partner_code="000.00.00.H41", secret=SECRET, access_token="tok", init_url="https://x",
                              query_url="https://x")  # fmt: skip
    url = provider.start(reference="LT261207A1B2C3D4", amount=650000, order_info=INFO, return_url="",
                         client_ip="203.0.113.7", created_at=afternoon)  # fmt: skip
    (body,) = sent
    assert url == "https://pay.example/p" and body["_auth"] == "Bearer tok"
    assert body["ThoiGianGD"] == "20261207153005" and body["MaXacThuc"] == INIT_EXPECTED
