"""The simulated national payment platform's state and rules, without HTTP (server.py serves it).

It checks what the platform checks — the Bearer token, the message type and version, the partner code, the
SHA-256 `MaXacThuc` over the documented fields, an amount in whole đồng, a 24-hour yyyyMMddHHmmss time, a
reference never reused for another order, a receipt block whose fee lines add up to the amount — and answers in
its wrapper `{error_code, message}`. CONFIRMs go out in order (a JSON POST to the partner's registered address;
tests may collect them), shaped by the faults queued — `core.simfaults`, as the bank simulator's: delay, duplicate,
out_of_order, tamper, wrong_amount — and `timeout`: the next INIT or QUERY answer comes after `seconds`.
"""

import datetime as dt
import html
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from lienthong.core.simfaults import CallbackFaults
from lienthong.payments.providers.paygov import (
    CONFIRM_SIGNED,
    INIT_SIGNED,
    QUERY_SIGNED,
    REPLY_SIGNED,
    SUCCESS,
    VERSION,
    paygov_sign,
    paygov_signature_valid,
    paygov_time,
)

REQUIRED = INIT_SIGNED + ("MaXacThuc",)
TIME = re.compile(r"^20\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$")
FAILED = "02"  # MaLoi of a payment the payer cancelled or the bank refused (assumed: the official list is unpublished)


@dataclass
class Order:
    init: dict[str, Any]
    code: str = ""  # MaLoi once settled; "" while the payer has not acted
    transaction_no: str = ""
    paid_at: str = ""


@dataclass
class Platform(CallbackFaults):
    amount_field = "SoTien"
    signature_field = "MaXacThuc"
    wrong_amount_step = 1  # one đồng

    partner_code: str = "LIENTHONG"
    secret: str = "PAYGOVSIMULATORSECRETFORTESTSONLY"  # noqa: S105 — the simulator's own key, never a real one
    access_token: str = "paygov-simulator-token"  # noqa: S105
    return_url: str = ""  # where the payer's browser is sent back (registered with the platform, not in INIT)
    base_url: str = ""  # set by the server: the pay page's origin
    orders: dict[str, Order] = field(default_factory=dict)

    def callback_signature(self, params: dict[str, str]) -> str:
        return paygov_sign(self.secret, params, CONFIRM_SIGNED)

    def reset(self) -> None:
        with self.lock:
            self.orders.clear()
            self.faults_reset()

    # INIT ---------------------------------------------------------------------------------------------------------
    def init_errors(self, body: dict[str, Any]) -> list[str]:
        """What is wrong with an INIT, in the platform's words (empty: it is valid)."""
        errors = [f"thiếu {name}" for name in REQUIRED if body.get(name) in (None, "")]
        if body.get("LoaiBanTin") != "INIT" or body.get("PhienBan") != VERSION:
            errors.append("sai loại bản tin hoặc phiên bản")
        if body.get("MaDoiTac") != self.partner_code:
            errors.append("sai mã đối tác (MaDoiTac)")
        if not paygov_signature_valid(self.secret, body, INIT_SIGNED):
            errors.append("sai mã xác thực (MaXacThuc)")
        if not re.fullmatch(r"[1-9]\d{0,14}", str(body.get("SoTien", ""))):
            errors.append("số tiền phải là số nguyên đồng")
        if body.get("ThoiGianGD") and not TIME.match(str(body["ThoiGianGD"])):
            errors.append("ThoiGianGD phải là yyyyMMddHHmmss (24 giờ)")
        if body.get("MaTienTe") != "VND":
            errors.append("chỉ nhận VND")
        errors.extend(self._receipt_errors(body))
        known = self.orders.get(str(body.get("MaThamChieu")))
        if known is not None and known.init != body:
            errors.append("mã tham chiếu đã dùng (MaThamChieu)")
        return errors

    @staticmethod
    def _receipt_errors(body: dict[str, Any]) -> list[str]:
        """The receipt block (`ThongTinBienLai`, not signed): the dossier, procedure, agency and payer named, and fee
        lines adding up to `SoTien`."""
        block = body.get("ThongTinBienLai")
        if not isinstance(block, dict):
            return ["thiếu ThongTinBienLai"]
        errors = [f"thiếu ThongTinBienLai.{name}" for name in ("MaHoSo", "MaTTHC", "MaDonVi", "HoTenNguoiNop")
                  if not block.get(name)]  # fmt: skip
        fees = block.get("PhiLePhi")
        if not isinstance(fees, list) or not fees or not all(isinstance(fee, dict) for fee in fees):
            return [*errors, "thiếu ThongTinBienLai.PhiLePhi"]
        try:
            total = sum(int(fee.get("SoTien")) for fee in fees)
        except (TypeError, ValueError):
            return [*errors, "PhiLePhi.SoTien phải là số nguyên đồng"]
        if str(total) != str(body.get("SoTien")):
            errors.append("tổng PhiLePhi khác SoTien")
        return errors

    def init(self, body: dict[str, Any]) -> dict[str, str]:
        errors = self.init_errors(body)
        if errors:
            return {"error_code": "1", "message": "; ".join(errors)}
        reference = str(body["MaThamChieu"])
        with self.lock:
            self.orders.setdefault(reference, Order(init=dict(body)))
        url = f"{self.base_url}/thanh-toan?{urlencode({'MaThamChieu': reference})}"
        return {"error_code": "0", "message": json.dumps({"UrlThanhToan": url})}

    # The pay page -------------------------------------------------------------------------------------------------
    def pay_page(self, reference: str) -> str:
        order = self.orders[reference]
        amount = f"{int(order.init['SoTien']):,}".replace(",", ".")
        ref = html.escape(reference)
        return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nền tảng thanh toán (mô phỏng)</title>
<style>body{{font-family:sans-serif;max-width:28rem;margin:1rem auto;padding:0 1rem}}button{{font-size:1.1rem;
padding:.7rem 1.2rem;margin:.3rem 0;width:100%}}</style></head><body><main>
<h1>Nền tảng thanh toán Cổng Dịch vụ công quốc gia (mô phỏng)</h1><p>Mã tham chiếu: <strong>{ref}</strong></p>
<p>Số tiền: <strong>{amount} đ</strong></p><p>{html.escape(str(order.init["ThongTinGiaoDich"]))}</p>
<form method="post" action="/thanh-toan"><input type="hidden" name="MaThamChieu" value="{ref}">
<button name="action" value="pay">Thanh toán</button>
<button name="action" value="cancel">Hủy giao dịch</button></form></main></body></html>"""

    def pay(self, reference: str, *, action: str = "pay", bank_code: str = "VCB") -> str:
        """The payer clicked: the order is settled, its CONFIRM(s) sent; the browser's return address is given."""
        with self.lock:
            order = self.orders[reference]
            if not order.code:
                order.code = SUCCESS if action == "pay" else FAILED
                order.transaction_no = f"PG{len(self.orders):06d}{secrets.randbelow(1000):03d}"
                order.paid_at = paygov_time(dt.datetime.now(tz=dt.UTC))
            confirm = self.confirm_of(order, bank_code=bank_code)
            self.emit(confirm)
        return f"{self.return_url}?{urlencode(confirm)}" if self.return_url else ""

    def confirm_of(self, order: Order, *, bank_code: str = "VCB") -> dict[str, str]:
        confirm = {"LoaiBanTin": "CONFIRM", "MaLoi": order.code, "MaDoiTac": self.partner_code,
                   "MaThamChieu": str(order.init["MaThamChieu"]), "SoTien": str(order.init["SoTien"]),
                   "MaTienTe": "VND", "MaGiaoDich": order.transaction_no, "MaNganHang": bank_code,
                   "ThoiGianGD": order.paid_at, "ThongTinGiaoDich": str(order.init["ThongTinGiaoDich"])}  # fmt: skip
        return confirm | {"MaXacThuc": paygov_sign(self.secret, confirm, CONFIRM_SIGNED)}

    # CONFIRMs (sent by core.simfaults) ---------------------------------------------------------------------------
    def reply_valid(self, reply: dict[str, Any]) -> bool:
        """The partner's answer to a CONFIRM is signed as the platform expects."""
        return reply.get("MaDoiTac") == self.partner_code and paygov_signature_valid(self.secret, reply, REPLY_SIGNED)

    def confirms_take(self) -> list[dict[str, str]]:
        """The CONFIRMs sent while no CONFIRM address is set, in the order sent."""
        return self.collected_take()

    # QUERY --------------------------------------------------------------------------------------------------------
    def query(self, body: dict[str, Any]) -> dict[str, str]:
        if body.get("LoaiBanTin") != "QUERY" or body.get("MaDoiTac") != self.partner_code:
            return {"error_code": "1", "message": "sai loại bản tin hoặc mã đối tác"}
        if not paygov_signature_valid(self.secret, body, QUERY_SIGNED):
            return {"error_code": "1", "message": "sai mã xác thực (MaXacThuc)"}
        if not TIME.match(str(body.get("ThoiGianGD", ""))):
            return {"error_code": "1", "message": "ThoiGianGD phải là yyyyMMddHHmmss (24 giờ)"}
        with self.lock:
            order = self.orders.get(str(body.get("MaThamChieu")))
            if order is None:
                return {"error_code": "NOT_FOUND", "message": "không có giao dịch"}
            if not order.code:
                return {"error_code": "NOT_FOUND", "message": "giao dịch chưa hoàn tất"}
            return {"error_code": "0", "message": json.dumps(self.confirm_of(order), ensure_ascii=False)}

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {"orders": {ref: order.code for ref, order in self.orders.items()},
                    "faults": [fault.kind for fault in self.faults], "held": len(self.held),
                    "sent": [{"ref": confirm.get("MaThamChieu"), "reply": reply.get("MaLoi", "")}
                             for confirm, reply in self.sent]}  # fmt: skip
