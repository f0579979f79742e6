"""The simulated e-receipt service's state and rules, without HTTP (server.py serves it).

Receipts are published under the caller's unique key in a template (ký hiệu mẫu) and a series (ký hiệu), numbered
in order per template and series (seven digits), and answered "OK:<template>;<series>-<key>_<number>". A key
already used is answered "ERR:DUP" — the receipt is not issued twice. The document is a one-page PDF.

Faults, each for the next publish (or, `timeout`, the next answer of any call):
- `timeout`: the call is carried out but its answer comes after `seconds` (past the client's timeout) — the
  receipt exists though the caller did not hear so, and its retry is a duplicate;
- `refuse`: the next publish is refused with `code` (ERR:20 "series out of numbers" by default), nothing issued;
- `duplicate`: the next publish is issued and answered ERR:DUP, as a request the service saw twice would be.
"""

import datetime as dt
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import Any

FAULT_KINDS = ("timeout", "refuse", "duplicate")
ACCOUNT, PASSWORD = "lienthong", "SIMULATORPASSWORDFORTESTSONLY"


@dataclass
class Fault:
    kind: str
    seconds: float = 0.0
    code: str = "20"

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; one of {', '.join(FAULT_KINDS)}")


@dataclass
class Receipt:
    key: str
    pattern: str
    serial: str
    number: str
    date: str  # dd/MM/yyyy
    invoice: dict[str, Any]
    state: str = "issued"  # issued | cancelled
    reason: str = ""
    replaced_by: str = ""


@dataclass
class ReceiptBook:
    account: str = ACCOUNT
    password: str = PASSWORD
    receipts: dict[str, Receipt] = field(default_factory=dict)
    counters: dict[tuple[str, str], int] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    calls: list[tuple[str, str, str]] = field(default_factory=list)  # (action, key, result)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def inject(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)

    def reset(self) -> None:
        with self.lock:
            self.receipts.clear(), self.counters.clear(), self.faults.clear(), self.calls.clear()

    def _take(self, kind: str) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if fault.kind == kind:
                return self.faults.pop(index)
        return None

    def delay(self) -> float:
        with self.lock:
            fault = self._take("timeout")
        return fault.seconds if fault else 0.0

    def call(self, action: str, body: dict[str, Any]) -> str:
        with self.lock:
            result = self._call(action, body)
            self.calls.append((action, str(body.get("key", "")), result))
            return result

    def _call(self, action: str, body: dict[str, Any]) -> str:
        if body.get("Account") != self.account or body.get("ACpass") != self.password:
            return "ERR:1"  # the vendors' "account or password wrong"
        if action == "publish":
            return self._publish(body)
        if action == "cancel":
            receipt = self.receipts.get(str(body.get("key", "")))
            if receipt is None:
                return "ERR:2"
            if receipt.state != "issued":
                return "ERR:9"
            receipt.state, receipt.reason = "cancelled", str(body.get("reason", ""))[:255]
            return "OK:"
        if action == "replace":
            old = self.receipts.get(str(body.get("old_key", "")))
            if old is None or old.state != "issued":
                return "ERR:2"
            result = self._publish(body)
            if result.startswith("OK:"):
                old.state, old.reason, old.replaced_by = "cancelled", "thay thế", str(body["key"])
            return result
        return "ERR:3"

    def _publish(self, body: dict[str, Any]) -> str:
        key, invoice = str(body.get("key", "")), body.get("Invoice")
        pattern, serial = str(body.get("pattern", "")), str(body.get("serial", ""))
        if not key or not pattern or not serial or not isinstance(invoice, dict):
            return "ERR:3"  # the vendors' "malformed data"
        if key in self.receipts:
            return "ERR:DUP"
        if refused := self._take("refuse"):
            return f"ERR:{refused.code}"
        try:
            day, month, year = (int(part) for part in str(invoice.get("ArisingDate", "")).split("/"))
            date = dt.date(year, month, day).strftime("%d/%m/%Y")
            total = int(invoice["Total"])
        except (KeyError, TypeError, ValueError):
            return "ERR:3"
        if total <= 0:
            return "ERR:3"
        number = self.counters.get((pattern, serial), 0) + 1
        self.counters[(pattern, serial)] = number
        self.receipts[key] = Receipt(key=key, pattern=pattern, serial=serial, number=f"{number:07d}", date=date,
                                     invoice=invoice)  # fmt: skip
        if self._take("duplicate"):
            return "ERR:DUP"
        return f"OK:{pattern};{serial}-{key}_{number:07d}"

    def lookup(self, key: str) -> dict[str, str] | None:
        with self.lock:
            receipt = self.receipts.get(key)
            if receipt is None:
                return None
            return {"key": key, "pattern": receipt.pattern, "serial": receipt.serial, "number": receipt.number,
                    "date": receipt.date, "state": receipt.state}  # fmt: skip

    def document(self, key: str) -> bytes | None:
        with self.lock:
            receipt = self.receipts.get(key)
        return None if receipt is None else receipt_pdf(receipt)

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {"receipts": {key: {"number": r.number, "state": r.state} for key, r in self.receipts.items()},
                    "faults": [fault.kind for fault in self.faults], "calls": len(self.calls)}  # fmt: skip


def _ascii(text: str) -> str:
    """The simulator's PDF uses the standard Helvetica font, which has no Vietnamese letters: they lose their
    marks (a real service's document carries them, with its own embedded font)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def receipt_pdf(receipt: Receipt) -> bytes:
    """A one-page PDF of the receipt (hand-written objects: the simulator uses the standard library only)."""
    invoice = receipt.invoice
    lines = [
        ("BIEN LAI THU PHI, LE PHI (BAN MO PHONG)", 16),
        (f"Mau so (ky hieu mau): {receipt.pattern}    Ky hieu: {receipt.serial}    So: {receipt.number}", 11),
        (f"Ngay: {receipt.date}", 11),
        (f"Nguoi nop: {invoice.get('CusName', '')}", 11),
        (f"Dia chi: {invoice.get('CusAddress', '')}", 11),
        (f"Ho so: {invoice.get('DossierCode', '')}", 11),
        (f"Khoan thu: {invoice.get('Extra', '')}", 11),
        (f"So tien: {int(invoice.get('Total', 0)):,} dong".replace(",", "."), 11),
        (f"Bang chu: {invoice.get('AmountInWords', '')}", 11),
        (f"Hinh thuc thanh toan: {invoice.get('PaymentMethod', '')}", 11),
        (
            f"Tai khoan thu huong: {invoice.get('BeneficiaryAccount', '')} - {invoice.get('BeneficiaryName', '')} - "
            f"{invoice.get('BeneficiaryBank', '')}",
            11,
        ),
        ("Trang thai: " + ("DA HUY" if receipt.state == "cancelled" else "hop le"), 11),
    ]
    stream = (
        "BT\n"
        + "".join(
            f"/F1 {size} Tf 1 0 0 1 50 {780 - 28 * index} Tm ({_ascii(text)}) Tj\n"
            for index, (text, size) in enumerate(lines)
        )
        + "ET\n"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(stream.encode())} >>\nstream\n{stream}endstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out
