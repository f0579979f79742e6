"""The simulated bank gateway's state and rules, without HTTP (server.py serves it).

It checks what a real gateway checks — the signature over the sorted, form-encoded parameters, the version and
command, the merchant code, the amount in đồng × 100, the 24-hour yyyyMMddHHmmss dates — and answers with the same
signed parameters. IPNs (server to server) go out in order through `deliver` (an HTTP GET to the IPN URL by
default; tests may collect them), shaped by the faults queued:

- `delay`: the next IPN waits `seconds` (over HTTP) — or, collected, is held behind the next payment's;
- `duplicate`: the next IPN is sent `times` times;
- `out_of_order`: the next IPN is held and sent after the following one;
- `tamper`: before the next genuine IPN, a forged one (status or amount changed, signature not recomputed);
- `wrong_amount`: before the next genuine IPN, one correctly signed with another amount;
- `timeout`: the next querydr/refund answer comes after `seconds` (past the client's timeout).
"""

import datetime as dt
import html
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

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
FAULT_KINDS = ("delay", "duplicate", "out_of_order", "tamper", "wrong_amount", "timeout")


@dataclass
class Fault:
    kind: str
    seconds: float = 0.0
    times: int = 2

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; one of {', '.join(FAULT_KINDS)}")


@dataclass
class Order:
    params: dict[str, str]
    state: str = "01"  # vnp_TransactionStatus: 01 not completed, 00 success, 02 error, 04 refunded (reversed)
    response: str = ""
    transaction_no: str = ""
    pay_date: str = ""


@dataclass
class Bank:
    tmn_code: str = "LIENTHON"
    secret: str = "SIMULATORSECRETKEYFORTESTSONLY000"  # noqa: S105 — the simulator's own key, never a real one
    ipn_url: str = ""
    orders: dict[str, Order] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    ipns: list[dict[str, str]] = field(default_factory=list)  # collected when no IPN URL is set
    sent: list[tuple[dict[str, str], str]] = field(default_factory=list)  # (params, our reply code) over HTTP
    held: list[dict[str, str]] = field(default_factory=list)
    sender: Callable[[dict[str, str]], str] | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)

    def inject(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)

    def reset(self) -> None:
        with self.lock:
            self.orders.clear(), self.faults.clear(), self.ipns.clear(), self.sent.clear(), self.held.clear()

    def _take(self, *kinds: str) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if fault.kind in kinds:
                return self.faults.pop(index)
        return None

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
            self._emit(result)
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

    # IPNs ---------------------------------------------------------------------------------------------------------
    def _emit(self, genuine: dict[str, str]) -> None:
        batch: list[dict[str, str]] = []
        if self._take("tamper"):
            forged = dict(genuine, vnp_Amount=str(int(genuine["vnp_Amount"]) * 10))
            batch.append(forged)  # the signature is the genuine one's: it no longer matches
        if self._take("wrong_amount"):
            wrong = {k: v for k, v in genuine.items() if k != "vnp_SecureHash"}
            wrong["vnp_Amount"] = str(int(genuine["vnp_Amount"]) - 100)
            batch.append(dict(wrong, vnp_SecureHash=vnp_sign(self.secret, wrong)))
        duplicate = self._take("duplicate")
        batch.extend([genuine] * (duplicate.times if duplicate else 1))
        delay = self._take("delay")
        if self._take("out_of_order"):
            self.held.extend(batch)  # sent after the next payment's
            return
        released, self.held = self.held, []
        for params in batch + released:
            self._deliver(params, delay=delay.seconds if delay else 0.0)

    def _deliver(self, params: dict[str, str], *, delay: float) -> None:
        if self.sender is not None:
            threading.Thread(target=self._send_later, args=(params, delay), daemon=True).start()
        else:
            self.ipns.append(params)

    def _send_later(self, params: dict[str, str], delay: float) -> None:
        if delay:
            threading.Event().wait(delay)
        reply = self.sender(params) if self.sender else ""
        with self.lock:
            self.sent.append((params, reply))

    def flush(self) -> None:
        """Send what is held back (the last out-of-order IPNs)."""
        with self.lock:
            released, self.held = self.held, []
            for params in released:
                self._deliver(params, delay=0.0)

    def ipns_take(self) -> list[dict[str, str]]:
        with self.lock:
            taken, self.ipns[:] = list(self.ipns), []
            return taken

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


__all__ = ["Bank", "Fault", "vnp_query_string", "query_of"]
