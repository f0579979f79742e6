"""The DVCQG adapter contract as the simulator enforces it (domain reference §4.1): services, error codes, and the
checks every record must pass. Plain Python, no Django: the connector's tests and the demo both run it.

Which fields are required, and the error codes, are our reading of production code (OpenCPS, TanDan), not of the
official VPCP specification; docs/national-portal.md lists what must be confirmed against it.
"""

import re
from datetime import datetime
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

DOSSIER_CODE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*-\d{6}-\d{4,}$")
PROCEDURE_CODE = re.compile(r"^\d\.\d{6}(\.[0-9A-Za-z]+)*$")  # national code, or the local one with a suffix
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 .]{8,15}$")

TEXT, INT, DATE, LIST = "text", "int", "date", "list"

# field → (kind, required, allowed values or pattern)
RECORD_FIELDS: dict[str, tuple[str, bool, Any]] = {
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
    "DinhDanhCHS": (LIST, False, None),
    "DSKetNoiCSDL": (LIST, False, None),
    "TaiLieuNop": (LIST, False, None),
    "DanhSachLePhi": (LIST, False, None),
    "DanhSachTepDinhKemKhac": (LIST, False, None),
    "DanhSachHoSoBoSung": (LIST, False, None),
    "DanhSachGiayToKetQua": (LIST, False, None),
}
# Items of the lists, with the fields each item must carry.
LIST_ITEM_REQUIRED = {
    "DinhDanhCHS": ("LoaiDinhDanh", "SoDinhDanh"),
    "DSKetNoiCSDL": ("MaCSDL",),
    "TaiLieuNop": ("TepDinhKemId", "TenTepDinhKem"),
    "DanhSachLePhi": ("TenPhiLePhi", "Gia"),
    "DanhSachTepDinhKemKhac": ("TenGiayTo",),
    "DanhSachHoSoBoSung": ("HoSoBoSungId", "NgayBoSung"),
    "DanhSachGiayToKetQua": ("TenGiayTo",),
}
# Dates a status implies: a received dossier has its receipt and appointment, a refused one its refusal, …
RECEIVED_STATUSES = {2, 4, 5, 6, 9, 10}
DATES_BY_STATUS = {
    **{status: ("NgayTiepNhan", "NgayHenTra") for status in RECEIVED_STATUSES},
    3: ("NgayTuChoi",),
}
FINISHED_DATES = {9: ("NgayKetThucXuLy",), 10: ("NgayKetThucXuLy", "NgayTra")}

STEP_FIELDS: dict[str, tuple[str, bool, Any]] = {
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


def parse_date(value: str) -> datetime | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{14}", value):
        return None
    try:
        return datetime.strptime(value, DATE_FORMAT)  # noqa: DTZ007 — the portal's dates carry no zone (local time)
    except ValueError:
        return None


def _field_error(name: str, kind: str, allowed: Any, value: Any) -> str | None:
    if kind == TEXT:
        if not isinstance(value, str) or not value.strip():
            return f"Trường {name} phải là chuỗi ký tự khác rỗng."
        if isinstance(allowed, re.Pattern) and not allowed.match(value):
            return f"Trường {name} sai định dạng: {value!r}."
    elif kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"Trường {name} phải là số nguyên."
        if allowed is not None and value not in allowed:
            return f"Trường {name} có giá trị không hợp lệ: {value}."
    elif kind == DATE and parse_date(value) is None:
        return f"Trường {name} phải là ngày giờ dạng yyyyMMddHHmmss: {value!r}."
    elif kind == LIST and not isinstance(value, list):
        return f"Trường {name} phải là danh sách."
    return None


def _check_fields(item: dict, fields: dict[str, tuple[str, bool, Any]]) -> list[tuple[str, str]]:
    if not isinstance(item, dict):
        return [("", "Bản ghi phải là một đối tượng JSON.")]
    errors = [(name, f"Trường {name} không có trong đặc tả.") for name in item if name not in fields]
    for name, (kind, required, allowed) in fields.items():
        if item.get(name) is None:
            if required:
                errors.append((name, f"Thiếu trường bắt buộc {name}."))
            continue
        if message := _field_error(name, kind, allowed, item[name]):
            errors.append((name, message))
    return errors


def _list_items_errors(record: dict) -> list[tuple[str, str]]:
    errors = []
    for name, required in LIST_ITEM_REQUIRED.items():
        items = record.get(name)
        for index, item in enumerate(items if isinstance(items, list) else []):
            where = f"{name}[{index}]"
            if not isinstance(item, dict):
                errors.append((where, f"Phần tử {where} phải là một đối tượng JSON."))
                continue
            errors += [(f"{where}.{field}", f"Thiếu trường bắt buộc {field} trong {where}.")
                       for field in required if item.get(field) in (None, "")]  # fmt: skip
    return errors


def _status_dates_errors(record: dict) -> list[tuple[str, str]]:
    status = record.get("TrangThaiHoSo")
    if not isinstance(status, int):
        return []
    needed = DATES_BY_STATUS.get(status, ()) + FINISHED_DATES.get(status, ())
    errors = [(name, f"Trạng thái {status} cần trường {name}.") for name in needed if record.get(name) is None]
    received, due = parse_date(record.get("NgayTiepNhan")), parse_date(record.get("NgayHenTra"))
    if received and due and due < received:
        errors.append(("NgayHenTra", "Ngày hẹn trả trước ngày tiếp nhận."))
    submitted = parse_date(record.get("NgayNopHoSo"))
    if submitted and received and received < submitted:
        errors.append(("NgayTiepNhan", "Ngày tiếp nhận trước ngày nộp hồ sơ."))
    return errors


def record_errors(record: dict) -> list[tuple[str, str]]:
    """(field, message) for each fault of a DongBoHoSoMC record; empty when the portal would accept it."""
    errors = _check_fields(record, RECORD_FIELDS)
    if isinstance(record, dict):
        errors += _list_items_errors(record) + _status_dates_errors(record)
    return errors


def step_errors(step: dict) -> list[tuple[str, str]]:
    """(field, message) for each fault of a CapNhatTienDoHoSoMC (QuaTrinhXuLy) record."""
    return _check_fields(step, STEP_FIELDS)
