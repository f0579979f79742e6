"""The national payment platform on the National Public Service Portal (DVCQG, "PayGov"), message version 1.0.6
(next-capabilities §2.1).

- INIT: a JSON POST to `init_url` with `Authorization: Bearer <access token>`; the reply
  `{"error_code": "0", "message": "<JSON with UrlThanhToan>"}` names the page to send the payer's browser to.
- CONFIRM: the platform POSTs the result (JSON) to the address registered for the partner; `MaLoi = "00"` is a
  success. Our reply is `{MaLoi, MoTaLoi, MaDoiTac, ThoiGianGD, MaXacThuc}`.
- QUERY: a JSON POST to `query_url` (Bearer too) asks what the platform knows of one reference.
- Every message is signed by `MaXacThuc` = lowercase hex SHA-256 of its fields joined with "|" in the documented
  order, then "|" and the shared secret. Times are yyyyMMddHHmmss on a 24-hour clock in GMT+7 (a 12-hour `hh` is a
  bug seen in production code).

What the published shape does not say (the platform's official spec was not retrieved) is decided here and in the
simulator alike, and listed in docs/payments.md: the QUERY reply (the INIT wrapper around a CONFIRM-shaped, signed
body), our reply's signature (its fields in order, then the secret), and no refund or day list over the API.
"""

import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

from lienthong.payments.providers.base import (
    BadSignatureError,
    Callback,
    PaymentDetails,
    ProviderError,
    ProviderTransaction,
    QueryResult,
)
from lienthong.payments.providers.vnpay import vnp_time, vnp_time_parse

VERSION = "1.0.6"
SUCCESS = "00"  # MaLoi of a successful payment
INIT_SIGNED = ("LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "SoTien", "LoaiHinhThanhToan", "MaKenhThanhToan",
               "MaThietBi", "NgonNgu", "MaTienTe", "MaNganHang", "ThongTinGiaoDich", "ThoiGianGD", "Ip")  # fmt: skip
CONFIRM_SIGNED = ("LoaiBanTin", "MaLoi", "MaDoiTac", "MaThamChieu", "SoTien", "MaTienTe", "MaGiaoDich", "MaNganHang",
                  "ThoiGianGD", "ThongTinGiaoDich")  # fmt: skip
QUERY_SIGNED = ("LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD")
REPLY_SIGNED = ("MaLoi", "MoTaLoi", "MaDoiTac", "ThoiGianGD")

paygov_time = vnp_time  # yyyyMMddHHmmss, 24-hour clock, GMT+7: the same rule as the bank gateway's
paygov_time_parse = vnp_time_parse


def paygov_sign(secret: str, fields: Mapping[str, Any], order: tuple[str, ...]) -> str:
    """`MaXacThuc`: lowercase hex SHA-256 of the fields in `order` joined with "|", then "|" and the secret."""
    text = "|".join("" if fields.get(key) is None else str(fields[key]) for key in order)
    return hashlib.sha256(f"{text}|{secret}".encode()).hexdigest()


def paygov_signature_valid(secret: str, fields: Mapping[str, Any], order: tuple[str, ...]) -> bool:
    given = str(fields.get("MaXacThuc", "")).lower()
    return bool(given) and hmac.compare_digest(given, paygov_sign(secret, fields, order))


def paygov_reply(secret: str, *, partner: str, code: str, description: str, now: dt.datetime) -> dict[str, str]:
    """Our signed answer to a CONFIRM."""
    reply = {"MaLoi": code, "MoTaLoi": description, "MaDoiTac": partner, "ThoiGianGD": paygov_time(now)}
    return reply | {"MaXacThuc": paygov_sign(secret, reply, REPLY_SIGNED)}


def _account_fields(account) -> dict[str, str]:
    if account is None:
        return {}
    return {"TKThuHuong": account.number, "MaNHThuHuong": account.bank_code, "TenTKThuHuong": account.name}


def receipt_block(details: PaymentDetails, *, order_info: str) -> dict[str, Any]:
    """INIT's `ThongTinBienLai`: what the platform prints on its receipt. The beneficiary account (`TKThuHuong`,
    `MaNHThuHuong`, `TenTKThuHuong`) is the collecting agency's (payments.BeneficiaryAccount); each `PhiLePhi` item
    carries its own collector's too, for a dossier whose lines two agencies collect (the platform's official spec
    was not retrieved: the per-item fields are ours). `TaiKhoanThuNSNN` and `KhoBac` (a State-budget account at the
    Treasury) are not held. `MaDVC` is the procedure code + ".01", as a production implementation builds it."""
    return {**_account_fields(details.account),
            "MaDichVu": "2", "MaDVC": f"{details.procedure_code}.01", "TenDVC": details.procedure_name,
            "MaTTHC": details.procedure_code, "TenTTHC": details.procedure_name, "MaDonVi": details.agency_code,
            "TenDonVi": details.agency_name, "MaHoSo": details.dossier_code, "HoTenNguoiNop": details.payer_name,
            "SoCMNDNguoiNop": details.payer_id_number, "DiaChiNguoiNop": details.payer_address,
            "NoiDungThanhToan": order_info,
            "PhiLePhi": [{"LoaiPhiLePhi": fee.kind, "MaPhiLePhi": fee.code, "TenPhiLePhi": fee.name,
                          "SoTien": fee.amount, **_account_fields(fee.account)} for fee in details.fees],
            "DSKhoanNop": [{"NoiDung": fee.name, "SoTien": fee.amount} for fee in details.fees]}  # fmt: skip


class PaygovProvider:
    name = "paygov"
    reference_key = "MaThamChieu"

    def __init__(self, *, partner_code: str, secret: str, access_token: str, init_url: str, query_url: str,
                 timeout: float = 10.0) -> None:  # fmt: skip
        self.partner_code, self.secret, self.access_token = partner_code, secret, access_token
        self.init_url, self.query_url, self.timeout = init_url, query_url, timeout

    def start(self, *, reference: str, amount: int, order_info: str, return_url: str, client_ip: str,
              created_at: dt.datetime, details: PaymentDetails | None = None) -> str:  # fmt: skip
        """INIT; the platform's pay page. `return_url` is not a field of v1.0.6: the platform sends the payer back to
        the address registered for the partner. The receipt block is not signed."""
        body = {"LoaiBanTin": "INIT", "PhienBan": VERSION, "MaDoiTac": self.partner_code, "MaThamChieu": reference,
                "SoTien": amount, "LoaiHinhThanhToan": "PAY", "MaKenhThanhToan": "1", "MaThietBi": "1",
                "NgonNgu": "vi-VN", "MaTienTe": "VND", "MaNganHang": "PAYMENT", "ThongTinGiaoDich": order_info,
                "ThoiGianGD": paygov_time(created_at), "Ip": client_ip}  # fmt: skip
        body["MaXacThuc"] = paygov_sign(self.secret, body, INIT_SIGNED)
        if details is not None:
            body["ThongTinBienLai"] = receipt_block(details, order_info=order_info)
        message = self._post(self.init_url, body)
        url = message.get("UrlThanhToan")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise ProviderError("INIT reply without UrlThanhToan")
        return url

    def verify_callback(self, params: Mapping[str, str]) -> Callback:
        """A CONFIRM, once its signature and partner code are checked (never valid while no secret is configured:
        anyone could sign with an empty one)."""
        reference = str(params.get("MaThamChieu", ""))
        if (
            not self.secret
            or params.get("MaDoiTac") != self.partner_code
            or not paygov_signature_valid(self.secret, params, CONFIRM_SIGNED)
        ):
            raise BadSignatureError(reference)
        try:
            amount = int(str(params.get("SoTien", "")))
        except ValueError:
            raise BadSignatureError(reference) from None
        return Callback(reference=reference, amount=amount, success=params.get("MaLoi") == SUCCESS,
                        response_code=str(params.get("MaLoi", "")),
                        provider_transaction=str(params.get("MaGiaoDich", "")),
                        bank_code=str(params.get("MaNganHang", "")),
                        paid_at=paygov_time_parse(str(params.get("ThoiGianGD", ""))))  # fmt: skip

    def reply(self, *, code: str, description: str, now: dt.datetime) -> dict[str, str]:
        return paygov_reply(self.secret, partner=self.partner_code, code=code, description=description, now=now)

    def query(self, *, reference: str, created_at: dt.datetime, client_ip: str) -> QueryResult:
        now = dt.datetime.now(tz=dt.UTC)
        body = {"LoaiBanTin": "QUERY", "PhienBan": VERSION, "MaDoiTac": self.partner_code, "MaThamChieu": reference,
                "ThoiGianGD": paygov_time(now)}  # fmt: skip
        body["MaXacThuc"] = paygov_sign(self.secret, body, QUERY_SIGNED)
        message = self._post(self.query_url, body, not_found_ok=True)
        if not message:
            return QueryResult(reference=reference, found=False, success=False)
        callback = self.verify_callback({key: str(value) for key, value in message.items()})
        if callback.reference != reference:
            raise BadSignatureError(reference)
        status = callback.response_code
        return QueryResult(reference=reference, found=True, success=callback.success, amount=callback.amount,
                           status=status, provider_transaction=callback.provider_transaction,
                           paid_at=callback.paid_at)  # fmt: skip

    def refund(self, *, reference: str, amount: int, provider_transaction: str, created_at: dt.datetime,
               by: str, client_ip: str) -> bool:  # fmt: skip
        """v1.0.6 has no refund message: a refund is made with the platform's operator, outside this API."""
        return False

    def transactions_of_day(self, day: dt.date) -> list[ProviderTransaction]:
        raise ProviderError("the platform's v1.0.6 messages have no day list: reconcile by QUERY")

    def _post(self, url: str, body: dict[str, Any], *, not_found_ok: bool = False) -> dict[str, Any]:
        """The platform's wrapper `{error_code, message}`: the decoded message when `error_code` is "0"; an empty one
        for "not found" when asked."""
        request = urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode(), method="POST",  # noqa: S310
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": f"Bearer {self.access_token}"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 — the configured URL
                reply = json.loads(response.read())
        except (OSError, ValueError, urllib.error.URLError) as exc:
            raise ProviderError(f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(reply, dict):
            raise ProviderError("reply is not an object")
        code = str(reply.get("error_code", ""))
        if code == "NOT_FOUND" and not_found_ok:
            return {}
        if code != "0":
            raise ProviderError(f"{body['LoaiBanTin']} error {code}: {reply.get('message', '')}")
        try:
            message = json.loads(reply.get("message") or "{}")
        except (TypeError, ValueError) as exc:
            raise ProviderError(f"{body['LoaiBanTin']} message is not JSON") from exc
        if not isinstance(message, dict):
            raise ProviderError(f"{body['LoaiBanTin']} message is not an object")
        return message
