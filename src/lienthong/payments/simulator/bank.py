"""The simulated bank gateway's state and rules, without HTTP (server.py serves it).

It checks what a real gateway checks — the signature over the sorted, form-encoded parameters, the version and
command, the merchant code, the amount in đồng × 100, the 24-hour yyyyMMddHHmmss dates — and answers with the same
signed parameters. IPNs (server to server) go out in order (an HTTP GET to the IPN URL by default; tests may collect
them), shaped by the faults queued — `core.simfaults`: delay, duplicate, out_of_order, tamper, wrong_amount — and
`timeout`: the next querydr/refund answer comes after `seconds` (past the client's timeout).
"""

import datetime as dt
import html
import re
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from lienthong.core.simfaults import FAULT_KINDS, CallbackFaults, Fault
from lienthong.payments.providers.vnpay import (
    GMT7,
    QUERY_HASH,
    QUERY_REPLY_HASH,
    REFUND_HASH,
    REFUND_REPLY_HASH,
    canonical,
    vnp_hmac,
    vnp_pipe_sign,
    vnp_query_string,
    vnp_sign,
    vnp_signature_valid,
    vnp_time,
)

REQUIRED = ("vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_Amount", "vnp_CurrCode", "vnp_TxnRef",
            "vnp_OrderInfo", "vnp_OrderType", "vnp_Locale", "vnp_ReturnUrl", "vnp_IpAddr",
            "vnp_CreateDate")  # fmt: skip
TIME = re.compile(r"^20\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$")


@dataclass
class Order:
    params: dict[str, str]
    state: str = "01"  # vnp_TransactionStatus: 01 not completed, 00 success, 02 error, 04 refunded (reversed)
    response: str = ""
    transaction_no: str = ""
    pay_date: str = ""


@dataclass
class Bank(CallbackFaults):
    amount_field = "vnp_Amount"
    signature_field = "vnp_SecureHash"
    wrong_amount_step = 100  # one đồng, in the gateway's đồng × 100

    tmn_code: str = "LIENTHON"
    secret: str = "SIMULATORSECRETKEYFORTESTSONLY000"  # noqa: S105 — the simulator's own key, never a real one
    ipn_url: str = ""
    orders: dict[str, Order] = field(default_factory=dict)

    def callback_signature(self, params: dict[str, str]) -> str:
        return vnp_sign(self.secret, params)

    def reset(self) -> None:
        with self.lock:
            self.orders.clear()
            self.faults_reset()

    # The pay page -------------------------------------------------------------------------------------------------
    def order_check(self, params: dict[str, str]) -> list[str]:
        """What is wrong with a pay request, in the gateway's words (empty: it is valid)."""
        errors = [f"thiếu {name}" for name in REQUIRED if not params.get(name)]
        if not vnp_signature_valid(self.secret, params):
            errors.append("sai chữ ký (97)")
        if params.get("vnp_Version") != "2.1.0" or params.get("vnp_Command") != "pay":
            errors.append("sai phiên bản hoặc lệnh")
        if params.get("vnp_TmnCode") != self.tmn_code:
            errors.append("sai mã website (TmnCode)")
        if not params.get("vnp_Amount", "").isdigit() or int(params["vnp_Amount"]) % 100:
            errors.append("số tiền phải là số nguyên đồng × 100")
        errors.extend(f"{name} phải là yyyyMMddHHmmss (24 giờ)" for name in ("vnp_CreateDate", "vnp_ExpireDate")
                      if params.get(name) and not TIME.match(params[name]))  # fmt: skip
        if params.get("vnp_CurrCode") != "VND":
            errors.append("chỉ nhận VND")
        if params.get("vnp_TxnRef") in self.orders and self.orders[params["vnp_TxnRef"]].params != params:
            errors.append("mã giao dịch đã dùng (TxnRef)")
        return errors

    def order_open(self, params: dict[str, str]) -> list[str]:
        errors = self.order_check(params)
        if not errors:
            with self.lock:
                self.orders.setdefault(params["vnp_TxnRef"], Order(params=dict(params)))
        return errors

    def pay_page(self, params: dict[str, str]) -> str:
        amount = f"{int(params['vnp_Amount']) // 100:,}".replace(",", ".")
        ref = html.escape(params["vnp_TxnRef"])
        return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Cổng thanh toán (mô phỏng)</title>
<style>body{{font-family:sans-serif;max-width:28rem;margin:1rem auto;padding:0 1rem}}button{{font-size:1.1rem;
padding:.7rem 1.2rem;margin:.3rem 0;width:100%}}</style></head><body><main>
<h1>Cổng thanh toán (mô phỏng)</h1><p>Mã giao dịch: <strong>{ref}</strong></p>
<p>Số tiền: <strong>{amount} đ</strong></p><p>{html.escape(params["vnp_OrderInfo"])}</p>
<form method="post" action="/paymentv2/pay"><input type="hidden" name="vnp_TxnRef" value="{ref}">
<button name="action" value="pay">Thanh toán</button>
<button name="action" value="cancel">Hủy giao dịch</button></form></main></body></html>"""

    def pay(self, reference: str, *, action: str = "pay", bank_code: str = "NCB") -> str:
        """The payer clicked: the order is settled, its IPN(s) sent, and the browser's return address is given."""
        with self.lock:
            order = self.orders[reference]
            if order.state == "01":
                order.state, order.response = ("00", "00") if action == "pay" else ("02", "24")
                order.transaction_no = str(14000000 + len(self.orders) * 7 + secrets.randbelow(7))
                order.pay_date = vnp_time(dt.datetime.now(tz=GMT7))
            result = self.result_params(order, bank_code=bank_code)
            self.emit(result)
        return f"{order.params['vnp_ReturnUrl']}?{urlencode(result)}"

    def result_params(self, order: Order, *, bank_code: str = "NCB") -> dict[str, str]:
        params = {"vnp_Amount": order.params["vnp_Amount"], "vnp_BankCode": bank_code,
                  "vnp_BankTranNo": f"VNP{order.transaction_no}", "vnp_CardType": "ATM",
                  "vnp_OrderInfo": order.params["vnp_OrderInfo"], "vnp_PayDate": order.pay_date,
                  "vnp_ResponseCode": order.response, "vnp_TmnCode": self.tmn_code,
                  "vnp_TransactionNo": order.transaction_no, "vnp_TransactionStatus": order.state,
                  "vnp_TxnRef": order.params["vnp_TxnRef"]}  # fmt: skip
        params["vnp_SecureHash"] = vnp_sign(self.secret, params)
        return params

    def ipns_take(self) -> list[dict[str, str]]:
        """The IPNs sent while no IPN URL is set, in the order sent."""
        return self.collected_take()

    # querydr and refund -------------------------------------------------------------------------------------------
    def api(self, body: dict[str, Any]) -> tuple[dict[str, Any], float]:
        """(reply, seconds to wait before answering)."""
        with self.lock:
            timeout = self._take("timeout")
            reply = self._api(body)
        return reply, (timeout.seconds if timeout else 0.0)

    def _api(self, body: dict[str, Any]) -> dict[str, Any]:
        command = body.get("vnp_Command")
        order_fields = {"querydr": (QUERY_HASH, QUERY_REPLY_HASH), "refund": (REFUND_HASH, REFUND_REPLY_HASH)}
        if command not in order_fields:
            return {"vnp_ResponseCode": "99", "vnp_Message": "Unknown command"}
        request_order, reply_order = order_fields[command]
        base = {"vnp_ResponseId": secrets.token_hex(16), "vnp_Command": command, "vnp_TmnCode": self.tmn_code,
                "vnp_TxnRef": str(body.get("vnp_TxnRef", ""))}  # fmt: skip
        if str(body.get("vnp_SecureHash", "")).lower() != vnp_pipe_sign(self.secret, body, request_order):
            return self._signed(dict(base, vnp_ResponseCode="97", vnp_Message="Invalid Checksum"), reply_order)
        order = self.orders.get(base["vnp_TxnRef"])
        if order is None:
            return self._signed(dict(base, vnp_ResponseCode="91", vnp_Message="Transaction not found"), reply_order)
        if command == "refund":
            if order.state != "00" or str(body.get("vnp_Amount")) != order.params["vnp_Amount"]:
                return self._signed(dict(base, vnp_ResponseCode="94", vnp_Message="Refund refused"), reply_order)
            order.state = "04"
        reply = dict(base, vnp_ResponseCode="00", vnp_Message="Success", vnp_Amount=order.params["vnp_Amount"],
                     vnp_BankCode="NCB", vnp_PayDate=order.pay_date, vnp_TransactionNo=order.transaction_no,
                     vnp_TransactionType="02" if command == "refund" else "01", vnp_TransactionStatus=order.state,
                     vnp_OrderInfo=order.params["vnp_OrderInfo"], vnp_PromotionCode="",
                     vnp_PromotionAmount="")  # fmt: skip
        return self._signed(reply, reply_order)

    # The day's list, as a gateway's reconciliation file gives it -----------------------------------------------
    def day_list(self, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """(status, body): every order created on `vnp_Date` (yyyyMMdd, GMT+7) with its amount and status, signed
        over the canonical JSON of the list; the request is signed over `vnp_TmnCode|vnp_Date`."""
        date, tmn = query.get("vnp_Date", ""), query.get("vnp_TmnCode", "")
        expected = vnp_hmac(self.secret, f"{tmn}|{date}")
        if tmn != self.tmn_code or str(query.get("vnp_SecureHash", "")).lower() != expected:
            return 403, {"vnp_ResponseCode": "97", "vnp_Message": "Invalid Checksum"}
        with self.lock:
            rows = [{"vnp_TxnRef": ref, "vnp_Amount": order.params["vnp_Amount"], "vnp_TransactionStatus": order.state,
                     "vnp_TransactionNo": order.transaction_no, "vnp_PayDate": order.pay_date}
                    for ref, order in sorted(self.orders.items())
                    if order.params.get("vnp_CreateDate", "").startswith(date)]  # fmt: skip
        return 200, {"vnp_Date": date, "transactions": rows, "vnp_SecureHash": vnp_hmac(self.secret, canonical(rows))}

    def _signed(self, reply: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
        return dict(reply, vnp_SecureHash=vnp_pipe_sign(self.secret, reply, order))

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {"orders": {ref: order.state for ref, order in self.orders.items()},
                    "faults": [fault.kind for fault in self.faults], "held": len(self.held),
                    "sent": [{"ref": p.get("vnp_TxnRef"), "reply": r} for p, r in self.sent]}  # fmt: skip


def query_of(url: str) -> str:
    return url.split("?", 1)[1] if "?" in url else ""


__all__ = ["FAULT_KINDS", "Bank", "Fault", "vnp_query_string", "query_of"]
