"""The DVCQG adapter contract as the simulator enforces it (domain reference §4.1): services, error codes, and the
checks every call and record must pass. Plain Python, no Django: the connector's tests and the demo both run it.

Strict on purpose: a field the contract does not name (or names with another case), a value of the wrong type, a date
not in `yyyyMMddHHmmss` — at the top of a record or inside one of its lists — is refused, so that a record this
module accepts is one the real portal would accept. Which fields are required, and the error codes, are our reading
of production code (OpenCPS, TanDan), not of the official VPCP specification; docs/national-portal.md lists what
must be confirmed against it.
"""

import re
from datetime import date, datetime
from typing import Any

SYNC = "DongBoHoSoMC"
PROGRESS = "CapNhatTienDoHoSoMC"
LOOKUP = "TraCuuHoSo"
LIST_SUBMISSIONS = "LayDanhSachHoSoNopTuDVCQG"
ACKNOWLEDGE = "XacNhanDaNhanHoSo"
SERVICES = frozenset({SYNC, PROGRESS, LOOKUP, LIST_SUBMISSIONS, ACKNOWLEDGE})

# error_code in the body of a 200 answer
OK = 0
DATA_INVALID = 1
NOT_FOUND = 2
ALREADY_EXISTS = 3
UNKNOWN_SERVICE = 4
BUSY = 9  # the portal's own "try again later", answered with HTTP 200

DATE_FORMAT = "%Y%m%d%H%M%S"  # yyyyMMddHHmmss
NATIONAL_STATUSES = range(1, 11)  # TrangThaiHoSo, domain reference §1.7

# The unit code of QCVN 102:2016 (V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.01.H22) and the dossier code of Circular
# 01/2018 art. 19: that code, the date as YYMMDD and a four-digit number within the day (domain reference §1.3).
UNIT_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
DOSSIER_CODE = re.compile(r"^(?P<unit>\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(?P<day>\d{6})-(?P<number>\d{4})$")
PROCEDURE_CODE = re.compile(r"^\d\.\d{6}(\.[0-9A-Za-z]+)*$")  # national code, or the local one with a suffix
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 .]{8,15}$")
LINK = re.compile(r"^https?://[^\s/]+/\S*$")  # a download path the portal fetches: an absolute http(s) URL

TEXT, INT, BOOL, DATE, LIST = "text", "int", "bool", "date", "list"
Spec = dict[str, tuple[str, bool, Any]]  # field → (kind, required, allowed values, pattern, or the items' spec)

# The items of the record's lists (domain reference §4.1), each field with its type.
FEE: Spec = {
    "TenPhiLePhi": (TEXT, True, None),
    "MaPhiLePhi": (TEXT, False, None),
    "HinhThucThu": (INT, False, {1, 2, 4}),  # 1 at receipt, 2 with a supplement, 4 with the result (§4.2)
    "Gia": (INT, True, range(0, 10**12)),  # đồng, whole
    "LoaiPhiLePhi": (INT, False, {1, 2, 3}),  # 1 ordinary, 2 appraisal or permit, 3 extension (§4.2)
}
DOCUMENT: Spec = {
    "TepDinhKemId": (TEXT, True, None),
    "TenTepDinhKem": (TEXT, True, None),
    "IsDeleted": (BOOL, False, None),
    "MaThanhPhanHoSo": (TEXT, False, None),
    "DuongDanTaiTepTin": (TEXT, False, LINK),
    "DuocSoHoa": (INT, False, {0, 1}),
    "DuocTaiSuDung": (INT, False, {0, 1}),
    "DuocLayTuKhoDMQG": (INT, False, {0, 1}),
    "MaKetQuaThayThe": (TEXT, False, None),
}
SUPPLEMENT: Spec = {
    "HoSoBoSungId": (TEXT, True, None),
    "NguoiYeuCauBoSung": (TEXT, False, None),
    "NoiDungBoSung": (TEXT, True, None),
    "NgayBoSung": (DATE, True, None),  # when the supplement was asked for
    "NguoiTiepNhanBoSung": (TEXT, False, None),
    "ThongTinTiepNhan": (TEXT, False, None),
    "NgayTiepNhanBoSung": (DATE, False, None),
    "TrangThaiBoSung": (INT, False, {0, 1}),  # 0 waiting for the applicant, 1 received
    "DanhSachGiayToBoSung": (LIST, False, DOCUMENT),
    "DanhSachLePhiBoSung": (LIST, False, FEE),
    "NgayHenTraTruoc": (DATE, False, None),
    "NgayHenTraMoi": (DATE, False, None),
}
RESULT: Spec = {
    "TenGiayTo": (TEXT, True, None),
    "MaThanhPhanHoSo": (TEXT, False, None),
    "GiayToId": (TEXT, False, None),
    "DuongDanTepTinKetQua": (TEXT, False, LINK),
    "MaGiayToKetQua": (TEXT, False, None),
}
RECORD_FIELDS: Spec = {
    "MaHoSo": (TEXT, True, DOSSIER_CODE),
    "MaTTHC": (TEXT, True, PROCEDURE_CODE),
    "TenTTHC": (TEXT, True, None),
    "MaLinhVuc": (TEXT, True, None),
    "TenLinhVuc": (TEXT, True, None),
    "KenhThucHien": (INT, True, {1, 2, 3}),
    "ChuHoSo": (TEXT, True, None),
    "SoGiayToChuHoSo": (TEXT, False, None),
    "LoaiDoiTuong": (INT, True, {1, 2}),
    "MaDoiTuong": (TEXT, False, None),
    "ThongTinKhac": (TEXT, False, None),
    "Email": (TEXT, False, EMAIL),
    "Fax": (TEXT, False, None),
    "SoDienThoai": (TEXT, False, PHONE),
    "TrichYeuHoSo": (TEXT, True, None),
    "NgayNopHoSo": (DATE, True, None),
    "NgayTiepNhan": (DATE, False, None),
    "NgayHenTra": (DATE, False, None),
    "TrangThaiHoSo": (INT, True, set(NATIONAL_STATUSES)),
    "NgayTra": (DATE, False, None),
    "ThongTinTra": (TEXT, False, None),
    "HinhThuc": (INT, False, {0, 1}),
    "NgayKetThucXuLy": (DATE, False, None),
    "DonViXuLy": (TEXT, True, None),
    "GhiChu": (TEXT, False, None),
    "NgayTuChoi": (DATE, False, None),
    "NoiNopHoSo": (TEXT, False, None),
    "HoSoCoThanhPhanSoHoa": (INT, False, {0, 1}),
    "TaiKhoanDuocXacThucVoiVNeID": (INT, False, {0, 1}),
    "DuocThanhToanTrucTuyen": (INT, False, {0, 1, 2}),
    "DinhDanhCHS": (LIST, False, {"LoaiDinhDanh": (TEXT, True, None), "SoDinhDanh": (TEXT, True, None)}),
    "DSKetNoiCSDL": (LIST, False, {"MaCSDL": (TEXT, True, None)}),
    "TaiLieuNop": (LIST, False, DOCUMENT),
    "DanhSachLePhi": (LIST, False, FEE),
    "DanhSachTepDinhKemKhac": (
        LIST,
        False,
        {"TenGiayTo": (TEXT, True, None), "SoLuong": (INT, False, None), "LoaiGiayTo": (INT, False, None)},
    ),  # fmt: skip
    "DanhSachHoSoBoSung": (LIST, False, SUPPLEMENT),
    "DanhSachGiayToKetQua": (LIST, False, RESULT),
}
# Dates a status implies: a received dossier has its receipt and appointment, a refused one its refusal, …
RECEIVED_STATUSES = {2, 4, 5, 6, 9, 10}
DATES_BY_STATUS = {
    **{status: ("NgayTiepNhan", "NgayHenTra") for status in RECEIVED_STATUSES},
    3: ("NgayTuChoi",),
}
FINISHED_DATES = {9: ("NgayKetThucXuLy",), 10: ("NgayKetThucXuLy", "NgayTra")}
# Dates that cannot come before another: (later, earlier, what it means).
DATE_ORDER = [
    ("NgayTiepNhan", "NgayNopHoSo", "Ngày tiếp nhận trước ngày nộp hồ sơ."),
    ("NgayHenTra", "NgayTiepNhan", "Ngày hẹn trả trước ngày tiếp nhận."),
    ("NgayTuChoi", "NgayNopHoSo", "Ngày từ chối trước ngày nộp hồ sơ."),
    ("NgayKetThucXuLy", "NgayNopHoSo", "Ngày kết thúc xử lý trước ngày nộp hồ sơ."),
    ("NgayKetThucXuLy", "NgayTiepNhan", "Ngày kết thúc xử lý trước ngày tiếp nhận."),
    ("NgayTra", "NgayNopHoSo", "Ngày trả kết quả trước ngày nộp hồ sơ."),
    ("NgayTra", "NgayTiepNhan", "Ngày trả kết quả trước ngày tiếp nhận."),
    ("NgayTra", "NgayKetThucXuLy", "Ngày trả kết quả trước ngày kết thúc xử lý."),
]

STEP_FIELDS: Spec = {
    "MaHoSo": (TEXT, True, DOSSIER_CODE),
    "NguoiXuLy": (TEXT, True, None),
    "ChucDanh": (TEXT, False, None),
    "ThoiDiemXuLy": (DATE, True, None),
    "PhongBanXuLy": (TEXT, True, None),
    "NoiDungXuLy": (TEXT, True, None),
    "TrangThai": (INT, True, set(NATIONAL_STATUSES)),
    "NgayBatDau": (DATE, False, None),
    "NgayKetThucTheoQuyDinh": (DATE, False, None),
}

# The call: `POST /service?MaDinhDanhDV=<unit code>` with this envelope (OpenCPS; domain reference §4.1).
ENVELOPE_FIELDS = frozenset({"service", "isUpdating", "data"})
IS_UPDATING = frozenset({"True", "False"})


def parse_date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{14}", value):
        return None
    try:
        return datetime.strptime(value, DATE_FORMAT)  # noqa: DTZ007 — the portal's dates carry no zone (local time)
    except ValueError:
        return None


def dossier_code_day(code: Any) -> date | None:
    """The YYMMDD of a well-formed dossier code as a date; None if the code is not one or its date is not a date."""
    match = DOSSIER_CODE.match(code) if isinstance(code, str) else None
    if match is None:
        return None
    try:
        return datetime.strptime(match["day"], "%y%m%d").date()  # noqa: DTZ007 — a calendar day, no instant
    except ValueError:
        return None


def _value_error(name: str, kind: str, allowed: Any, value: Any) -> str | None:
    if kind == TEXT:
        if not isinstance(value, str) or not value.strip():
            return f"Trường {name} phải là chuỗi ký tự khác rỗng."
        if isinstance(allowed, re.Pattern) and not allowed.match(value):
            return f"Trường {name} sai định dạng: {value!r}."
        if allowed is DOSSIER_CODE and dossier_code_day(value) is None:
            return f"Trường {name} có phần ngày YYMMDD không phải ngày có thật: {value!r}."
    elif kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"Trường {name} phải là số nguyên."
        if allowed is not None and value not in allowed:
            return f"Trường {name} có giá trị không hợp lệ: {value}."
    elif kind == BOOL and not isinstance(value, bool):
        return f"Trường {name} phải là true hoặc false."
    elif kind == DATE and parse_date(value) is None:
        return f"Trường {name} phải là ngày giờ dạng yyyyMMddHHmmss: {value!r}."
    elif kind == LIST and not isinstance(value, list):
        return f"Trường {name} phải là danh sách."
    return None


def _check_fields(item: Any, fields: Spec, *, where: str = "") -> list[tuple[str, str]]:
    """Every field of `item` named by the spec (exactly, case included), typed, and the required ones present; the
    items of its lists checked the same way, named after the list (`TaiLieuNop[0].TenTepDinhKem`)."""
    if not isinstance(item, dict):
        name = where.rstrip(".")
        return [(name, f"Phần tử {name} phải là một đối tượng JSON." if name else "Bản ghi phải là đối tượng JSON.")]
    errors = [(where + name, f"Trường {where}{name} không có trong đặc tả.") for name in item if name not in fields]
    for name, (kind, required, allowed) in fields.items():
        path = where + name
        if item.get(name) is None:
            if required:
                errors.append((path, f"Thiếu trường bắt buộc {path}."))
            continue
        value = item[name]
        if message := _value_error(path, kind, None if kind == LIST else allowed, value):
            errors.append((path, message))
        elif kind == LIST and isinstance(allowed, dict):
            for index, element in enumerate(value):
                errors += _check_fields(element, allowed, where=f"{path}[{index}].")
    return errors


def _dates_errors(record: dict) -> list[tuple[str, str]]:
    status = record.get("TrangThaiHoSo")
    errors = []
    if isinstance(status, int) and not isinstance(status, bool):
        needed = DATES_BY_STATUS.get(status, ()) + FINISHED_DATES.get(status, ())
        errors += [(name, f"Trạng thái {status} cần trường {name}.") for name in needed if record.get(name) is None]
    dates = {name: parse_date(record.get(name)) for name in {n for pair in DATE_ORDER for n in pair[:2]}}
    for later, earlier, message in DATE_ORDER:
        if dates[later] and dates[earlier] and dates[later] < dates[earlier]:
            errors.append((later, message))
    return errors + _code_day_errors(record, dates)


def _code_day_errors(record: dict, dates: dict[str, datetime | None]) -> list[tuple[str, str]]:
    """The code carries the day the system first received the dossier (Circular 01/2018 art. 19, Decree 61 art. 26:
    issued automatically): not before it was submitted, not after the desk received it (docs/national-portal.md)."""
    day = dossier_code_day(record.get("MaHoSo"))
    submitted, received = dates["NgayNopHoSo"], dates["NgayTiepNhan"]
    if day is None:
        return []
    if submitted and day < submitted.date():
        return [("MaHoSo", f"Ngày trong mã hồ sơ ({day:%d/%m/%Y}) trước ngày nộp hồ sơ.")]
    if received and day > received.date():
        return [("MaHoSo", f"Ngày trong mã hồ sơ ({day:%d/%m/%Y}) sau ngày tiếp nhận.")]
    return []


def record_errors(record: Any) -> list[tuple[str, str]]:
    """(field, message) for each fault of a DongBoHoSoMC record; empty when the portal would accept it."""
    errors = _check_fields(record, RECORD_FIELDS)
    if isinstance(record, dict):
        errors += _dates_errors(record)
    return errors


def step_errors(step: Any) -> list[tuple[str, str]]:
    """(field, message) for each fault of a CapNhatTienDoHoSoMC (QuaTrinhXuLy) record."""
    return _check_fields(step, STEP_FIELDS)


def call_errors(envelope: Any, *, query: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(field, message) for each fault of a call's envelope and query, whatever its service: the envelope's three
    fields and no other, `isUpdating` exactly "True" or "False", `data` a list, and the caller's unit code."""
    if not isinstance(envelope, dict):
        return [("", "Nội dung lời gọi phải là một đối tượng JSON.")]
    errors = [
        (name, f"Trường {name} không có trong đặc tả lời gọi.") for name in envelope if name not in ENVELOPE_FIELDS
    ]
    if envelope.get("isUpdating") not in IS_UPDATING:
        errors.append(("isUpdating", f'Trường isUpdating phải là "True" hoặc "False": {envelope.get("isUpdating")!r}.'))
    if not isinstance(envelope.get("data"), list):
        errors.append(("data", "Trường data phải là danh sách."))
    units = query.get("MaDinhDanhDV") or []
    if len(units) != 1 or not UNIT_CODE.match(units[0]):
        errors.append(("MaDinhDanhDV", f"Tham số MaDinhDanhDV phải là một mã định danh QCVN 102: {units!r}."))
    return errors
