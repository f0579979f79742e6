"""Issue 13 "must show": our HMAC-SHA512 over a published-style sample equals a value computed independently
(`openssl dgst -sha512 -hmac`), and the gateway's dates are on a 24-hour clock in GMT+7."""

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

from lienthong.payments.providers.vnpay import (
    QUERY_HASH,
    VnpayProvider,
    vnp_pipe_sign,
    vnp_query_string,
    vnp_sign,
    vnp_signature_valid,
    vnp_time,
)

SECRET = "GOLDENVECTORSECRETNOTAREALKEY000"  # noqa: S105 — a made-up key for the vector, not a real one
SAMPLE = {  # VNPAY's demo order, with a return URL and an order text that need encoding
    "vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_TmnCode": "DEMOV210", "vnp_Amount": "20000000",
    "vnp_CurrCode": "VND", "vnp_TxnRef": "5", "vnp_OrderInfo": "Thanh toan don hang :5", "vnp_OrderType": "other",
    "vnp_Locale": "vn", "vnp_ReturnUrl": "https://domainmerchant.vn/ReturnUrl", "vnp_IpAddr": "127.0.0.1",
    "vnp_CreateDate": "20261207153000", "vnp_BankCode": "",
}  # fmt: skip
# echo -n "<the string below>" | openssl dgst -sha512 -hmac GOLDENVECTORSECRETNOTAREALKEY000
SIGNED = (
    "vnp_Amount=20000000&vnp_Command=pay&vnp_CreateDate=20261207153000&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1"
    "&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other"
    "&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0"
)
EXPECTED = (
    "da673486ed72800e0ccdbafa1e30f3a9d833cf2828363c3c428a08b9a08dadfe02739faaeeb84a9f94ead5b65b0d1660c179ddbc4a487e"
    "3852deb68ce2d9e078"
)
QUERY_EXPECTED = (
    "fc1f517a3f6d8011e3038611535c91d2690a7796748434683439321f3d6d70c1a29befb34d97eaf606f918c8f278939badabd140c5a62bd"
    "d38714320b93f771b"
)


def test_the_signed_string_is_sorted_form_encoded_and_drops_empty_values():
    assert vnp_query_string(SAMPLE) == SIGNED


def test_the_pay_signature_equals_the_precomputed_value():
    assert vnp_sign(SECRET, SAMPLE) == EXPECTED
    assert vnp_signature_valid(SECRET, SAMPLE | {"vnp_SecureHash": EXPECTED.upper(), "vnp_SecureHashType": "SHA512"})
    assert not vnp_signature_valid(SECRET, SAMPLE | {"vnp_Amount": "2000000", "vnp_SecureHash": EXPECTED})


def test_the_querydr_pipe_signature_equals_the_precomputed_value():
    body = {"vnp_RequestId": "REQ1", "vnp_Version": "2.1.0", "vnp_Command": "querydr", "vnp_TmnCode": "DEMOV210",
            "vnp_TxnRef": "5", "vnp_TransactionDate": "20261207153000", "vnp_CreateDate": "20261207160000",
            "vnp_IpAddr": "127.0.0.1", "vnp_OrderInfo": "Truy van 5"}  # fmt: skip
    assert vnp_pipe_sign(SECRET, body, QUERY_HASH) == QUERY_EXPECTED


def test_dates_are_on_a_24_hour_clock_in_gmt7():
    afternoon = dt.datetime(2026, 12, 7, 8, 30, 5, tzinfo=dt.UTC)  # 15:30:05 in Hà Nội
    assert vnp_time(afternoon) == "20261207153005"
    provider = VnpayProvider(tmn_code="DEMOV210", secret=SECRET, pay_url="https://pay.example/vpcpay.html", api_url="")
    url = provider.start(reference="LT1", amount=200000, order_info="Nop phi", return_url="https://x.example/r",
                         client_ip="127.0.0.1", created_at=afternoon)  # fmt: skip
    assert "vnp_CreateDate=20261207153005" in url and "vnp_ExpireDate=20261207154505" in url
    params = dict(parse_qsl(urlsplit(url).query))
    assert params["vnp_Amount"] == "20000000" and vnp_signature_valid(SECRET, params)
