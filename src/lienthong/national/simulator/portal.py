"""What the simulated portal holds and how it answers one call, apart from HTTP: records by dossier code, their
processing steps, dossiers submitted on the portal waiting for the province, and the faults a test has queued."""

import itertools
import secrets
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from lienthong.national.simulator import contract as c

# The simulator's own credentials, for the demo and tests; the real portal's come from the deployment's settings.
USERNAME, PASSWORD = "lienthong", "lienthong-sim"  # noqa: S105
FAULT_KINDS = frozenset({"delay", "http", "portal_error", "duplicate_ack", "redeliver"})


@dataclass
class Fault:
    """One misbehaviour for the next matching call(s).

    - `delay`: wait `seconds` before answering. With `apply` the call takes effect first (a slow answer, or a lost
      acknowledgement if the client stops waiting); without, the answer after the wait is HTTP 504 and nothing
      was done.
    - `http`: answer HTTP `status` (5xx, 429 with `retry_after`); with `apply` the call took effect anyway.
    - `portal_error`: HTTP 200 with `error_code` = `code` and `message`; nothing done.
    - `duplicate_ack`: the call takes effect and is acknowledged as a duplicate (`error_code` 3), as when an
      intermediary delivered it twice and the second answer is the one that comes back.
    - `redeliver`: the list of submitted dossiers gives each of them twice, acknowledged ones included.
    """

    kind: str
    service: str | None = None  # None: any service call
    seconds: float = 0.0
    status: int = 503
    retry_after: str | None = None
    code: int = c.BUSY
    message: str = "Hệ thống đang bận, vui lòng thử lại sau."
    apply: bool = False
    times: int = 1

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {sorted(FAULT_KINDS)}")


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def _ok(result: Any = None, message: str = "Thành công") -> Answer:
    return Answer(200, {"error_code": c.OK, "message": message, "result": result})


def _error(code: int, message: str, errors: list | None = None) -> Answer:
    body: dict[str, Any] = {"error_code": code, "message": message}
    if errors:
        body["errors"] = errors
    return Answer(200, body)


class Portal:
    """The portal's memory; every method is safe to call from the server's threads and from a test."""

    def __init__(self, *, username: str = USERNAME, password: str = PASSWORD) -> None:
        self.username, self.password = username, password
        self._lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.records: dict[str, dict] = {}
            self.creates: dict[str, int] = {}  # how many times each code was created (the portal refuses a second)
            self.progress: dict[str, list[dict]] = {}
            self.submissions: dict[str, dict] = {}
            self.acknowledged: dict[str, str] = {}  # the portal's id → the province's dossier code
            self.calls: list[dict] = []
            self.faults: list[Fault] = []
            self.tokens: set[str] = set()
            self._ids = itertools.count(1)

    # -- the test's handles ---------------------------------------------------------------------------------

    def inject(self, *faults: Fault) -> None:
        with self._lock:
            self.faults.extend(faults)

    def submit(self, submission: dict[str, Any]) -> str:
        """A dossier submitted on the national portal, waiting to be pulled by the province; returns its id."""
        missing = [name for name in ("MaTTHC", "MaDonViTiepNhan", "ChuHoSo") if not submission.get(name)]
        if missing:
            raise ValueError(f"submission lacks {missing}")
        with self._lock:
            portal_id = f"G22-{datetime.now():%y%m%d}-{next(self._ids):06d}"  # noqa: DTZ005 — a label only
            self.submissions[portal_id] = {**submission, "MaHoSoQG": portal_id}
            return portal_id

    def expire_tokens(self) -> None:
        with self._lock:
            self.tokens.clear()

    def state(self) -> dict[str, Any]:
        with self._lock:
            return {
                "records": self.records, "creates": self.creates, "progress": self.progress,
                "submissions": self.submissions, "acknowledged": self.acknowledged, "calls": self.calls,
                "faults": [asdict(fault) for fault in self.faults],
            }  # fmt: skip

    # -- the contract ------------------------------------------------------------------------------------------

    def authenticate(self, body: dict[str, Any]) -> Answer:
        if body.get("username") != self.username or body.get("password") != self.password:
            return Answer(401, {"error_code": 401, "message": "Sai tên đăng nhập hoặc mật khẩu."})
        token = secrets.token_urlsafe(24)
        with self._lock:
            self.tokens.add(token)
        return Answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    def call(self, *, token: str, envelope: Any, query: dict[str, list[str]] | None = None) -> Answer:
        """One `POST /service?<query>` call; `query` as `urllib.parse.parse_qs` reads it."""
        with self._lock:
            if token not in self.tokens:
                return Answer(401, {"error_code": 401, "message": "Phiên đăng nhập không hợp lệ hoặc đã hết hạn."})
            if not isinstance(envelope, dict) or envelope.get("service") not in c.SERVICES:
                service = envelope.get("service") if isinstance(envelope, dict) else None
                return _error(c.UNKNOWN_SERVICE, f"Không có dịch vụ {service!r}.")
            if faults := c.call_errors(envelope, query=query or {}):
                errors = [{"TruongDuLieu": name, "MoTa": text} for name, text in faults]
                return _error(c.DATA_INVALID, "Lời gọi không hợp lệ: " + "; ".join(e["MoTa"] for e in errors), errors)
            service = envelope["service"]
            fault = self._take_fault(service)
            self.calls.append({"service": service, "isUpdating": envelope.get("isUpdating"),
                               "fault": fault.kind if fault else None})  # fmt: skip
            return self._answer(service, envelope, fault)

    def _take_fault(self, service: str) -> Fault | None:
        for fault in self.faults:
            if fault.service in (None, service):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def _answer(self, service: str, envelope: dict, fault: Fault | None) -> Answer:
        kind = fault.kind if fault else None
        if kind == "portal_error":
            return _error(fault.code, fault.message)
        if kind in ("http", "delay") and not fault.apply:
            if kind == "delay":
                return Answer(504, {"message": "Gateway Timeout"}, delay=fault.seconds)
            return self._http_failure(fault)
        answer = self._serve(service, envelope, redeliver=kind == "redeliver")
        if kind == "http":
            return self._http_failure(fault)
        if kind == "delay":
            answer.delay = fault.seconds
        if kind == "duplicate_ack" and answer.body.get("error_code") == c.OK:
            return _error(c.ALREADY_EXISTS, "Dữ liệu đã được ghi nhận trước đó (trùng lặp).")
        return answer

    @staticmethod
    def _http_failure(fault: Fault) -> Answer:
        headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
        return Answer(fault.status, {"message": f"HTTP {fault.status}"}, headers)

    def _serve(self, service: str, envelope: dict, *, redeliver: bool) -> Answer:
        data = envelope["data"]  # a list: checked with the envelope (contract.call_errors)
        if service == c.SYNC:
            return self._sync(data, updating=envelope["isUpdating"] == "True")
        if service == c.PROGRESS:
            return self._progress(data)
        if service == c.LOOKUP:
            return self._lookup(data)
        if service == c.LIST_SUBMISSIONS:
            return self._list_submissions(redeliver=redeliver)
        return self._acknowledge(data)

    def _sync(self, records: list, *, updating: bool) -> Answer:
        errors = [{"MaHoSo": (r.get("MaHoSo") if isinstance(r, dict) else None), "TruongDuLieu": name, "MoTa": text}
                  for r in records for name, text in c.record_errors(r)]  # fmt: skip
        if errors:
            return _error(c.DATA_INVALID, "Dữ liệu không hợp lệ: " + "; ".join(e["MoTa"] for e in errors[:5]), errors)
        codes = [r["MaHoSo"] for r in records]
        if updating and (absent := [code for code in codes if code not in self.records]):
            return _error(c.NOT_FOUND, f"Không tìm thấy hồ sơ để cập nhật: {', '.join(absent)}.")
        if not updating and (present := [code for code in codes if code in self.records]):
            return _error(c.ALREADY_EXISTS, f"Hồ sơ đã tồn tại: {', '.join(present)}.")
        for record in records:
            if not updating:
                self.creates[record["MaHoSo"]] = self.creates.get(record["MaHoSo"], 0) + 1
            self.records[record["MaHoSo"]] = dict(record)
        return _ok([{"MaHoSo": code, "KetQua": "updated" if updating else "created"} for code in codes])

    def _progress(self, steps: list) -> Answer:
        errors = [{"MaHoSo": (s.get("MaHoSo") if isinstance(s, dict) else None), "TruongDuLieu": name, "MoTa": text}
                  for s in steps for name, text in c.step_errors(s)]  # fmt: skip
        if errors:
            return _error(c.DATA_INVALID, "Dữ liệu không hợp lệ: " + "; ".join(e["MoTa"] for e in errors[:5]), errors)
        if absent := sorted({s["MaHoSo"] for s in steps if s["MaHoSo"] not in self.records}):
            return _error(c.NOT_FOUND, f"Không tìm thấy hồ sơ: {', '.join(absent)}.")
        for step in steps:
            self.progress.setdefault(step["MaHoSo"], []).append(dict(step))
        return _ok({"SoBanGhi": len(steps)})

    def _lookup(self, data: list) -> Answer:
        code = data[0].get("MaHoSo") if data and isinstance(data[0], dict) else None
        if code not in self.records:
            return _error(c.NOT_FOUND, f"Không tìm thấy hồ sơ {code}.")
        return _ok({"HoSo": self.records[code], "QuaTrinhXuLy": self.progress.get(code, [])})

    def _list_submissions(self, *, redeliver: bool) -> Answer:
        if redeliver:
            waiting = list(self.submissions.values())
            return _ok([dict(item) for item in waiting for _ in range(2)])
        return _ok([dict(item) for key, item in self.submissions.items() if key not in self.acknowledged])

    def _acknowledge(self, data: list) -> Answer:
        items = [item for item in data if isinstance(item, dict)]
        if unknown := [item.get("MaHoSoQG") for item in items if item.get("MaHoSoQG") not in self.submissions]:
            return _error(c.NOT_FOUND, f"Không có hồ sơ {unknown} trên Cổng.")
        if missing := [item["MaHoSoQG"] for item in items if not item.get("MaHoSo")]:
            return _error(c.DATA_INVALID, f"Thiếu MaHoSo của địa phương cho {missing}.")
        for item in items:
            self.acknowledged[item["MaHoSoQG"]] = item["MaHoSo"]
        return _ok({"SoBanGhi": len(items)})
