"""An e-receipt service with the vendors' usual shape (VNPT's ImportAndPublishInv, next-capabilities §2.1): the
receipt is published under our unique key in a template (ký hiệu mẫu) and a series (ký hiệu), the service numbers
it, and answers "OK:<template>;<series>-<key>_<number>" or "ERR:<code>". Here over JSON/HTTP (the simulator's
contract, docs/payments.md); a vendor speaking SOAP gets its own adapter behind the same `ReceiptService`.

A request published twice under one key (our retry after a lost answer) is answered ERR:DUP by the service: the
adapter then reads the receipt already issued under that key, so a retry never makes a second receipt."""

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request

from lienthong.payments.receipts.base import IssuedReceipt, ReceiptRequest, ReceiptServiceError

DUPLICATE = "DUP"


def amount_in_words(amount: int) -> str:
    """Vietnamese words for an amount in đồng, as a receipt writes it ("Sáu trăm nghìn đồng")."""
    digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
    scales = ["", " nghìn", " triệu", " tỷ", " nghìn tỷ", " triệu tỷ"]

    def triple(n: int, full: bool) -> str:
        hundreds, tens, units = n // 100, n // 10 % 10, n % 10
        words = []
        if full or hundreds:
            words.append(f"{digits[hundreds]} trăm")
        if tens > 1:
            words.append(f"{digits[tens]} mươi")
        elif tens == 1:
            words.append("mười")
        elif units and (full or hundreds):
            words.append("linh")
        if units:
            word = digits[units]
            if units == 1 and tens > 1:
                word = "mốt"
            elif units == 5 and tens:
                word = "lăm"
            elif units == 4 and tens > 1:
                word = "tư"
            words.append(word)
        return " ".join(words)

    if amount == 0:
        return "Không đồng"
    groups = []
    while amount:
        groups.append(amount % 1000)
        amount //= 1000
    parts = [triple(group, index < len(groups) - 1) + scales[index]
             for index, group in reversed(list(enumerate(groups))) if group]  # fmt: skip
    text = " ".join(parts) + " đồng"
    return text[0].upper() + text[1:]


class EInvoiceReceiptService:
    def __init__(self, *, url: str, account: str, password: str, timeout: float = 10.0) -> None:
        self.url, self.account, self.password, self.timeout = url.rstrip("/"), account, password, timeout

    def issue(self, request: ReceiptRequest) -> IssuedReceipt:
        reply = self._call("publish", self._invoice(request))
        if reply.startswith(f"ERR:{DUPLICATE}"):
            return self._lookup(request.key)
        return self._issued(reply, request.key, request.issued_on)

    def cancel(self, *, key: str, reason: str) -> None:
        reply = self._call("cancel", {"key": key, "reason": reason})
        if not reply.startswith("OK"):
            raise ReceiptServiceError(reply.removeprefix("ERR:"), "cancel refused")

    def replace(self, *, old_key: str, request: ReceiptRequest) -> IssuedReceipt:
        reply = self._call("replace", {"old_key": old_key, **self._invoice(request)})
        if reply.startswith(f"ERR:{DUPLICATE}"):
            return self._lookup(request.key)
        return self._issued(reply, request.key, request.issued_on)

    def document(self, *, key: str) -> bytes:
        return self._get("document", key)

    # -- the wire -------------------------------------------------------------------------------------------------
    def _invoice(self, request: ReceiptRequest) -> dict:
        return {
            "pattern": request.template_code, "serial": request.series, "key": request.key,
            "Invoice": {
                "CusCode": request.payer_id, "CusName": request.payer_name, "CusAddress": request.payer_address,
                "ArisingDate": request.issued_on.strftime("%d/%m/%Y"), "PaymentMethod": request.payment_method,
                "Total": request.amount, "Amount": request.amount, "AmountInWords": amount_in_words(request.amount),
                "VATAmount": 0, "VATRate": 0, "Extra": request.fee_name, "DossierCode": request.dossier_code,
                "BeneficiaryAccount": request.account_number, "BeneficiaryBank": request.account_bank,
                "BeneficiaryName": request.account_name,
                "Products": [{"Code": request.fee_code, "ProdName": request.fee_name, "ProdUnit": "lần",
                              "ProdQuantity": 1, "ProdPrice": request.amount, "Total": request.amount,
                              "Amount": request.amount}],
            },
        }  # fmt: skip

    def _issued(self, reply: str, key: str, issued_on: dt.date) -> IssuedReceipt:
        # OK:<template>;<series>-<key>_<number>
        if not reply.startswith("OK:") or ";" not in reply or "_" not in reply:
            raise ReceiptServiceError(reply.removeprefix("ERR:") or "empty", "publish refused")
        template, rest = reply[3:].split(";", 1)
        series_key, number = rest.rsplit("_", 1)
        series = series_key.removesuffix(f"-{key}")
        return IssuedReceipt(key=key, template_code=template, series=series, number=number, issued_on=issued_on)

    def _lookup(self, key: str) -> IssuedReceipt:
        found = json.loads(self._get("receipt", key))
        day, month, year = (int(part) for part in found["date"].split("/"))
        return IssuedReceipt(key=key, template_code=found["pattern"], series=found["serial"], number=found["number"],
                             issued_on=dt.date(year, month, day))  # fmt: skip

    def _auth(self) -> dict:
        return {"Account": self.account, "ACpass": self.password}

    def _call(self, action: str, body: dict) -> str:
        data = json.dumps({**self._auth(), **body}, ensure_ascii=False).encode()
        request = urllib.request.Request(f"{self.url}/api/{action}", data=data, method="POST",  # noqa: S310
                                         headers={"Content-Type": "application/json"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 — the configured URL
                reply = json.loads(response.read())
        except TimeoutError as exc:
            raise ReceiptServiceError("timeout", str(exc)) from exc
        except urllib.error.URLError as exc:
            code = "timeout" if isinstance(exc.reason, TimeoutError) else "unreachable"
            raise ReceiptServiceError(code, str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise ReceiptServiceError("unreachable", str(exc)) from exc
        if not isinstance(reply, dict) or not isinstance(reply.get("result"), str):
            raise ReceiptServiceError("unreachable", "reply without a result")
        return reply["result"]

    def _get(self, what: str, key: str) -> bytes:
        query = urllib.parse.urlencode({"key": key, "account": self.account})
        try:
            with urllib.request.urlopen(f"{self.url}/api/{what}?{query}", timeout=self.timeout) as response:  # noqa: S310
                return response.read()
        except urllib.error.HTTPError as exc:
            raise ReceiptServiceError(f"HTTP{exc.code}", what) from exc
        except TimeoutError as exc:
            raise ReceiptServiceError("timeout", str(exc)) from exc
        except (OSError, urllib.error.URLError) as exc:
            raise ReceiptServiceError("unreachable", str(exc)) from exc
