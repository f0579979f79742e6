"""The bank gateway with the widely used signed-redirect protocol, VNPAY 2.1.0 (next-capabilities §2.1).

- Pay: the browser is sent to `pay_url?<params>&vnp_SecureHash=<hex HMAC-SHA512>`, the hash over the parameters
  sorted by name, empty ones dropped, URL-encoded as a form (space → "+", Python's `quote_plus`), joined with "&".
  The usual cause of a checksum error (97) is encoding the string differently on the two sides.
- Return URL and IPN carry the same signed parameters; only the IPN (server to server) may change state.
- querydr and refund: JSON to `api_url`, the hash over the fields joined with "|" in the documented order.
- Amounts are đồng × 100 on the wire; times are yyyyMMddHHmmss on a 24-hour clock in GMT+7.
"""

import datetime as dt
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Mapping
from urllib.parse import quote_plus, urlencode
from zoneinfo import ZoneInfo

from lienthong.payments.providers.base import (
    BadSignatureError,
    Callback,
    PaymentDetails,
    ProviderError,
    ProviderTransaction,
    QueryResult,
)

VERSION = "2.1.0"
# vnp_TransactionStatus as money: 00 paid, 04 reversed (refunded), 05/06 refund in progress; anything else unpaid.
STATUS_MEANING = {"00": "paid", "04": "refunded", "05": "paid", "06": "paid"}
GMT7 = ZoneInfo("Asia/Ho_Chi_Minh")
HASH_KEYS = ("vnp_SecureHash", "vnp_SecureHashType")
QUERY_HASH = ("vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionDate",
              "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo")  # fmt: skip
QUERY_REPLY_HASH = ("vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
                    "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
                    "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount")  # fmt: skip
REFUND_HASH = ("vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType", "vnp_TxnRef",
               "vnp_Amount", "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate",
               "vnp_IpAddr", "vnp_OrderInfo")  # fmt: skip
REFUND_REPLY_HASH = ("vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
                     "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
                     "vnp_TransactionStatus", "vnp_OrderInfo")  # fmt: skip


def vnp_time(moment: dt.datetime) -> str:
    """yyyyMMddHHmmss in GMT+7 on a 24-hour clock (a 12-hour `hh` is a bug seen in production: 15:30 → 0330)."""
    return moment.astimezone(GMT7).strftime("%Y%m%d%H%M%S")


def vnp_time_parse(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=GMT7)
    except (TypeError, ValueError):
        return None


def vnp_query_string(params: Mapping[str, object]) -> str:
    """The string VNPAY signs: sorted keys, empty values dropped, form-encoded, joined with "&"."""
    return "&".join(f"{quote_plus(key)}={quote_plus(str(value))}" for key, value in sorted(params.items())
                    if value not in ("", None))  # fmt: skip


def vnp_hmac(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def canonical(rows: object) -> str:
    """The JSON a day's list is signed over: keys sorted, no spaces, UTF-8 as is."""
    return json.dumps(rows, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def vnp_sign(secret: str, params: Mapping[str, object]) -> str:
    return vnp_hmac(secret, vnp_query_string({k: v for k, v in params.items() if k not in HASH_KEYS}))


def vnp_pipe_sign(secret: str, fields: Mapping[str, object], order: tuple[str, ...]) -> str:
    return vnp_hmac(secret, "|".join(str(fields.get(key, "")) for key in order))


def vnp_signature_valid(secret: str, params: Mapping[str, str]) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, vnp_sign(secret, params))


class VnpayProvider:
    name = "vnpay"
    reference_key = "vnp_TxnRef"  # where a callback carries our reference

    def __init__(self, *, tmn_code: str, secret: str, pay_url: str, api_url: str, timeout: float = 10.0) -> None:
        self.tmn_code, self.secret, self.pay_url, self.api_url = tmn_code, secret, pay_url, api_url
        self.timeout = timeout

    def start(self, *, reference: str, amount: int, order_info: str, return_url: str, client_ip: str,
              created_at: dt.datetime, details: PaymentDetails | None = None) -> str:  # fmt: skip
        params = {
            "vnp_Version": VERSION, "vnp_Command": "pay", "vnp_TmnCode": self.tmn_code, "vnp_Amount": amount * 100,
            "vnp_CurrCode": "VND", "vnp_TxnRef": reference, "vnp_OrderInfo": order_info, "vnp_OrderType": "other",
            "vnp_Locale": "vn", "vnp_ReturnUrl": return_url, "vnp_IpAddr": client_ip,
            "vnp_CreateDate": vnp_time(created_at), "vnp_ExpireDate": vnp_time(created_at + dt.timedelta(minutes=15)),
        }  # fmt: skip
        return f"{self.pay_url}?{vnp_query_string(params)}&vnp_SecureHash={vnp_sign(self.secret, params)}"

    def verify_callback(self, params: Mapping[str, str]) -> Callback:
        if not vnp_signature_valid(self.secret, params):
            raise BadSignatureError(params.get("vnp_TxnRef", ""))
        try:
            amount = int(params.get("vnp_Amount", "")) // 100
        except ValueError:
            raise BadSignatureError(params.get("vnp_TxnRef", "")) from None
        success = params.get("vnp_ResponseCode") == "00" and params.get("vnp_TransactionStatus") == "00"
        return Callback(reference=params.get("vnp_TxnRef", ""), amount=amount, success=success,
                        response_code=params.get("vnp_ResponseCode", ""),
                        provider_transaction=params.get("vnp_TransactionNo", ""),
                        bank_code=params.get("vnp_BankCode", ""),
                        paid_at=vnp_time_parse(params.get("vnp_PayDate", "")))  # fmt: skip

    def query(self, *, reference: str, created_at: dt.datetime, client_ip: str) -> QueryResult:
        now = dt.datetime.now(tz=GMT7)
        body = {"vnp_RequestId": secrets.token_hex(16), "vnp_Version": VERSION, "vnp_Command": "querydr",
                "vnp_TmnCode": self.tmn_code, "vnp_TxnRef": reference, "vnp_OrderInfo": f"Truy van {reference}",
                "vnp_TransactionDate": vnp_time(created_at), "vnp_CreateDate": vnp_time(now),
                "vnp_IpAddr": client_ip}  # fmt: skip
        body["vnp_SecureHash"] = vnp_pipe_sign(self.secret, body, QUERY_HASH)
        reply = self._post(body, QUERY_REPLY_HASH)
        if reply.get("vnp_ResponseCode") == "91":
            return QueryResult(reference=reference, found=False, success=False)
        if reply.get("vnp_ResponseCode") != "00":
            raise ProviderError(f"querydr {reply.get('vnp_ResponseCode')}: {reply.get('vnp_Message', '')}")
        status = str(reply.get("vnp_TransactionStatus", ""))
        return QueryResult(reference=reference, found=True, success=status == "00", status=status,
                           amount=int(reply.get("vnp_Amount") or 0) // 100,
                           provider_transaction=str(reply.get("vnp_TransactionNo", "")),
                           paid_at=vnp_time_parse(str(reply.get("vnp_PayDate", ""))))  # fmt: skip

    def refund(self, *, reference: str, amount: int, provider_transaction: str, created_at: dt.datetime,
               by: str, client_ip: str) -> bool:  # fmt: skip
        body = {"vnp_RequestId": secrets.token_hex(16), "vnp_Version": VERSION, "vnp_Command": "refund",
                "vnp_TmnCode": self.tmn_code, "vnp_TransactionType": "02", "vnp_TxnRef": reference,
                "vnp_Amount": amount * 100, "vnp_TransactionNo": provider_transaction,
                "vnp_TransactionDate": vnp_time(created_at), "vnp_CreateBy": by,
                "vnp_CreateDate": vnp_time(dt.datetime.now(tz=GMT7)), "vnp_IpAddr": client_ip,
                "vnp_OrderInfo": f"Hoan tien {reference}"}  # fmt: skip
        body["vnp_SecureHash"] = vnp_pipe_sign(self.secret, body, REFUND_HASH)
        return self._post(body, REFUND_REPLY_HASH).get("vnp_ResponseCode") == "00"

    def transactions_of_day(self, day: dt.date) -> list[ProviderTransaction]:
        """The gateway's own list of the day's transactions (its reconciliation file), signed both ways."""
        date = day.strftime("%Y%m%d")
        query = urlencode({"vnp_TmnCode": self.tmn_code, "vnp_Date": date,
                           "vnp_SecureHash": vnp_hmac(self.secret, f"{self.tmn_code}|{date}")})  # fmt: skip
        url = self.api_url.rsplit("/", 1)[0] + f"/reconcile?{query}"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310 — the configured URL
                reply = json.loads(response.read())
        except (OSError, ValueError, urllib.error.URLError) as exc:
            raise ProviderError(f"{type(exc).__name__}: {exc}") from exc
        rows = reply.get("transactions") if isinstance(reply, dict) else None
        if not isinstance(rows, list):
            raise ProviderError("reconciliation reply without a list")
        if not hmac.compare_digest(
            str(reply.get("vnp_SecureHash", "")).lower(), vnp_hmac(self.secret, canonical(rows))
        ):
            raise BadSignatureError(f"reconcile {date}")
        return [ProviderTransaction(reference=str(row.get("vnp_TxnRef", "")),
                                    amount=int(row.get("vnp_Amount") or 0) // 100,
                                    status=STATUS_MEANING.get(str(row.get("vnp_TransactionStatus")), "unpaid"),
                                    provider_transaction=str(row.get("vnp_TransactionNo", "")))
                for row in rows if isinstance(row, dict)]  # fmt: skip

    def _post(self, body: dict, reply_order: tuple[str, ...]) -> dict:
        request = urllib.request.Request(self.api_url, data=json.dumps(body).encode(), method="POST",  # noqa: S310
                                         headers={"Content-Type": "application/json"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 — the configured URL
                reply = json.loads(response.read())
        except (OSError, ValueError, urllib.error.URLError) as exc:
            raise ProviderError(f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(reply, dict):
            raise ProviderError("reply is not an object")
        if reply.get("vnp_SecureHash") and not hmac.compare_digest(
            str(reply["vnp_SecureHash"]).lower(), vnp_pipe_sign(self.secret, reply, reply_order)
        ):
            raise BadSignatureError(body.get("vnp_TxnRef", ""))
        return reply
