"""The catalogue as an Excel workbook that officials read and edit, and back.

One sheet per table and one header row of fixed Vietnamese titles, which are the stable key (a column is found by
its title or its data key, so officials may reorder columns or add their own, which are ignored). Child sheets
point at their version by national code + announcing decision. Codes are text cells so Excel never turns
1.001190 into the number 1.00119; enums are codes with a drop-down; JSON is text in a cell; dates are real dates.
Every error, from parsing or from the service's validation, is reported as `Sheet!<letter><row> (<title>)`.
"""

import copy
import dataclasses
import datetime as dt
import io
import json
import unicodedata
import zipfile
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lienthong.catalogue.constants import DocumentCopyKind, OnlineLevel, StepAction, TimeUnit
from lienthong.catalogue.services import (
    CatalogueError,
    CatalogueImportError,
    ImportReport,
    catalogue_export_data,
    catalogue_import,
    catalogue_validate,
)
from lienthong.org.constants import AgencyKind, Level, Role

YES, NO = "Có", "Không"
TRUTHY = {"có", "co", "x", "true", "đúng", "1", "yes"}
FALSY = {"không", "khong", "false", "sai", "0", "no"}
DATE_FORMAT = "DD/MM/YYYY"


@dataclasses.dataclass(frozen=True)
class Column:
    """One column: `kind` is code, text, choice, bool, date, decimal, int or json; `empty` is a blank cell's value."""

    key: str
    title: str
    kind: str
    empty: Any = ""
    width: int = 18
    choices: type[models.TextChoices] | None = None
    required: bool = False
    note: Promise | str = ""


@dataclasses.dataclass(frozen=True)
class Sheet:
    name: str
    kind: str  # "fields", "versions" or a child kind of a version
    about: Promise
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)


CODE_NOTE = gettext_lazy("Nhập dạng văn bản (ô định dạng Text) để Excel không đổi thành số.")
AGENCY_NOTE = gettext_lazy(
    "Mã định danh cơ quan (QCVN 102:2016), ví dụ 000.00.01.H19. Ghi mã cơ quan HOẶC loại cơ quan, không ghi cả hai."
)
VERSION_KEY = (
    Column("national_code", "Mã thủ tục", "code", width=14, required=True, note=CODE_NOTE),
    Column("decision", "Quyết định công bố", "code", width=28, required=True),
)

THU_TUC = Sheet(
    "ThuTuc",
    "versions",
    gettext_lazy("Mỗi dòng là một phiên bản thủ tục, xác định bởi Mã thủ tục + Quyết định công bố."),
    (
        *VERSION_KEY,
        Column("decision_date", "Ngày quyết định", "date", None, 14),
        Column("effective_from", "Áp dụng từ ngày", "date", None, 14),
        Column(
            "is_current",
            "Đang áp dụng",
            "bool",
            True,
            12,
            note=gettext_lazy("Mỗi thủ tục chỉ một phiên bản đang áp dụng; các phiên bản khác tự chuyển thành Không."),
        ),
        Column("name", "Tên thủ tục", "text", width=50, required=True),
        Column("field_code", "Mã lĩnh vực", "code", width=14, required=True, note=gettext_lazy("Mã ở trang LinhVuc.")),
        Column(
            "time_limit_value",
            "Thời hạn giải quyết",
            "decimal",
            None,
            12,
            note=gettext_lazy("Số ≥ 0, tối đa 2 chữ số thập phân (ví dụ 0,5). Để trống nếu giải quyết ngay."),
        ),
        Column("time_limit_unit", "Đơn vị thời hạn", "choice", width=16, choices=TimeUnit, required=True),
        Column("time_limit_note", "Ghi chú thời hạn", "text", width=40),
        Column("time_limit_verified", "Thời hạn đã đối chiếu", "bool", False, 12),
        Column("result_type", "Kết quả thực hiện", "text", width=30),
        Column("online_level", "Mức độ trực tuyến", "choice", width=14, choices=OnlineLevel, required=True),
        Column("legal_basis", "Căn cứ pháp lý", "text", width=50),
        Column("submission_methods", "Cách thức thực hiện", "text", width=30),
        Column("applicant_types", "Đối tượng thực hiện", "text", width=30),
        Column(
            "form_schema",
            "Biểu mẫu điện tử (JSON Schema)",
            "json",
            {},
            50,
            note=gettext_lazy('JSON Schema có "type": "object". Để trống nếu không có biểu mẫu điện tử.'),
        ),
    ),
)
LINH_VUC = Sheet(
    "LinhVuc",
    "fields",
    gettext_lazy("Danh mục lĩnh vực."),
    (
        Column("code", "Mã lĩnh vực", "code", width=16, required=True, note=CODE_NOTE),
        Column("name", "Tên lĩnh vực", "text", width=40, required=True),
    ),
)
CHILD_ABOUT = gettext_lazy("Mỗi dòng thuộc phiên bản có cùng Mã thủ tục và Quyết định công bố ở trang ThuTuc.")
CO_QUAN = Sheet(
    "CoQuanThamQuyen",
    "authorities",
    CHILD_ABOUT,
    (
        *VERSION_KEY,
        Column("level", "Cấp thực hiện", "choice", width=14, choices=Level, required=True),
        Column("agency_code", "Mã cơ quan", "code", None, 18, note=AGENCY_NOTE),
        Column("agency_kind", "Loại cơ quan", "choice", width=20, choices=AgencyKind),
    ),
)
THANH_PHAN = Sheet(
    "ThanhPhanHoSo",
    "documents",
    CHILD_ABOUT,
    (
        *VERSION_KEY,
        Column("position", "Thứ tự", "int", None, 8, required=True),
        Column("code", "Mã thành phần", "code", width=14),
        Column("name", "Tên giấy tờ", "text", width=50, required=True),
        Column("copy_kind", "Loại bản", "choice", width=18, choices=DocumentCopyKind, required=True),
        Column("quantity", "Số lượng", "int", None, 10, required=True),
        Column("is_mandatory", "Bắt buộc", "bool", True, 10),
        Column("template_name", "Tên mẫu đơn, tờ khai", "text", width=36),
        Column("note", "Ghi chú", "text", width=36),
    ),
)
PHI = Sheet(
    "PhiLePhi",
    "fees",
    CHILD_ABOUT,
    (
        *VERSION_KEY,
        Column("name", "Tên phí, lệ phí", "text", width=36, required=True),
        Column("amount", "Mức thu (đồng)", "int", None, 14, note=gettext_lazy("Số nguyên; để trống nếu chưa rõ.")),
        Column("description", "Mô tả, miễn giảm", "text", width=40),
        Column("verified", "Đã đối chiếu", "bool", False, 12),
    ),
)
QUY_TRINH = Sheet(
    "QuyTrinh",
    "steps",
    CHILD_ABOUT,
    (
        *VERSION_KEY,
        Column("position", "Thứ tự", "int", None, 8, required=True),
        Column("name", "Tên bước", "text", width=40, required=True),
        Column("level", "Cấp", "choice", width=12, choices=Level, required=True),
        Column("agency_code", "Mã cơ quan", "code", None, 18, note=AGENCY_NOTE),
        Column("agency_kind", "Loại cơ quan", "choice", width=20, choices=AgencyKind),
        Column("role", "Vai trò", "choice", width=14, choices=Role, required=True),
        Column(
            "actions",
            "Thao tác (JSON)",
            "json",
            [],
            36,
            choices=StepAction,
            note=gettext_lazy('Danh sách JSON các mã, ví dụ ["receive", "assign"].'),
        ),
        Column("quota_hours", "Thời gian (giờ làm việc)", "decimal", None, 12, required=True),
        Column(
            "parallel_group", "Nhóm song song", "int", None, 10, note=gettext_lazy("Các bước cùng nhóm chạy song song.")
        ),
    ),
)
SHEETS = (THU_TUC, LINH_VUC, CO_QUAN, THANH_PHAN, PHI, QUY_TRINH)
CHILD_SHEETS = (CO_QUAN, THANH_PHAN, PHI, QUY_TRINH)
GUIDE = "HuongDan"


# ---------------------------------------------------------------------------------------------------------------
# Writing


def _cell_value(column: Column, value: Any) -> Any:
    if column.kind == "bool":
        return YES if value else NO
    if value is None or value == column.empty:
        return None
    if column.kind == "json":
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_rows(ws: Worksheet, sheet: Sheet, rows: list[list[Any]]) -> None:
    formats = {"code": "@", "date": DATE_FORMAT}
    for values in rows:
        ws.append([_cell_value(column, value) for column, value in zip(sheet.columns, values, strict=True)])
        for cell, column in zip(ws[ws.max_row], sheet.columns, strict=False):
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            if column.kind in formats:
                cell.number_format = formats[column.kind]
            if column.width >= 36:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _format_sheet(ws: Worksheet, sheet: Sheet) -> None:
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill = Font(bold=True), header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[letter].width = column.width
        if column.kind == "code":
            ws.column_dimensions[letter].number_format = "@"  # rows officials add stay text too
        allowed = [YES, NO] if column.kind == "bool" else column.choices.values if column.kind == "choice" else None
        if allowed:
            validation = DataValidation(type="list", formula1=f'"{",".join(allowed)}"', allow_blank=True)
            validation.error, validation.errorTitle = _("Chọn một giá trị trong danh sách."), _("Giá trị không hợp lệ")
            validation.add(f"{letter}2:{letter}1048576")
            ws.add_data_validation(validation)
    ws.freeze_panes = "C2" if sheet in CHILD_SHEETS else "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(ws.max_row, 1)}"


def _sheet_rows(sheet: Sheet, data: dict) -> list[list[Any]]:
    keys = [column.key for column in sheet.columns]
    if sheet.kind == "fields":
        return [[row[key] for key in keys] for row in data["fields"]]
    if sheet.kind == "versions":
        return [[row[key] for key in keys] for row in data["procedures"]]
    return [
        [version["national_code"], version["decision"], *(child[key] for key in keys[2:])]
        for version in data["procedures"]
        for child in version[sheet.kind]
    ]


def _allowed_text(column: Column) -> str:
    if column.kind == "bool":
        return _("%(yes)s / %(no)s (để trống = %(default)s)") % {
            "yes": YES,
            "no": NO,
            "default": YES if column.empty else NO,
        }
    if column.choices is not None:
        return "; ".join(f"{value} = {label}" for value, label in column.choices.choices)
    kinds = {
        "date": _("Ngày (dd/mm/yyyy)"),
        "decimal": _("Số ≥ 0"),
        "int": _("Số nguyên ≥ 0"),
        "json": _("JSON"),
        "code": _("Mã (văn bản)"),
        "text": _("Văn bản"),
    }
    return kinds[column.kind]


def _write_guide(ws: Worksheet) -> None:
    ws.append([_("Hướng dẫn nhập danh mục thủ tục hành chính")])
    ws["A1"].font = Font(bold=True, size=14)
    rules = [
        _("Dòng 1 của mỗi trang là tiêu đề cột: không sửa tên cột; có thể đổi thứ tự cột, cột tự thêm được bỏ qua."),
        _("Trang ThuTuc: mỗi dòng là một phiên bản thủ tục, xác định bởi Mã thủ tục + Quyết định công bố."),
        _(
            "Các trang khác ghi Mã thủ tục + Quyết định công bố để chỉ phiên bản; khi nhập, các dòng của chúng thay "
            "toàn bộ nội dung tương ứng của phiên bản đó."
        ),
        _("Phiên bản không có trong tệp được giữ nguyên: không phiên bản nào bị xóa."),
        _("Có lỗi ở bất kỳ ô nào thì không nhập gì; mỗi lỗi ghi rõ trang, ô và tên cột."),
    ]
    for rule in rules:
        ws.append([rule])
    ws.append([])
    ws.append([_("Trang tính"), _("Cột"), _("Khóa"), _("Bắt buộc"), _("Giá trị hợp lệ"), _("Ghi chú")])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for sheet in SHEETS:
        for column in sheet.columns:
            required = _("Có") if column.required else ""
            ws.append([sheet.name, column.title, column.key, required, _allowed_text(column), str(column.note)])
            ws.cell(row=ws.max_row, column=5).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (18, 30, 20, 10, 70, 60), strict=True):
        ws.column_dimensions[letter].width = width


def catalogue_to_xlsx(data: dict) -> bytes:
    """The workbook for `data` (as `catalogue_export_data` returns it); ThuTuc first, HuongDan last."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet.name)
        ws.append([column.title for column in sheet.columns])
        _write_rows(ws, sheet, _sheet_rows(sheet, data))
        _format_sheet(ws, sheet)
    _write_guide(workbook.create_sheet(GUIDE))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def catalogue_export_xlsx() -> bytes:
    """The whole catalogue in the database as a workbook."""
    return catalogue_to_xlsx(catalogue_export_data())


# ---------------------------------------------------------------------------------------------------------------
# Reading


class _CellError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _parse_code(value: Any) -> str:
    if isinstance(value, float):
        raise _CellError(_("Mã phải nhập dạng văn bản (định dạng ô Text), Excel đã đổi thành số %(v)s.") % {"v": value})
    if isinstance(value, dt.date | dt.time):
        raise _CellError(_("Mã phải nhập dạng văn bản, không phải ngày giờ."))
    return str(value).strip()


def _parse_text(value: Any) -> str:
    if isinstance(value, dt.date | dt.time):
        raise _CellError(_("Phải là văn bản, không phải ngày giờ."))
    return value if isinstance(value, str) else str(value)


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in TRUTHY or text in FALSY:
        return text in TRUTHY
    raise _CellError(_("Phải ghi %(yes)s hoặc %(no)s.") % {"yes": YES, "no": NO})


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_excel(value).date()
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 — a calendar date, no time zone
        except ValueError:
            continue
    raise _CellError(_("Ngày không hợp lệ; nhập dạng dd/mm/yyyy."))


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool | dt.date | dt.time):
        raise _CellError(_("Phải là một số."))
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise _CellError(_("Phải là một số.")) from None


def _parse_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise _CellError(_("Phải là số nguyên."))


def _parse_json(value: Any) -> Any:
    if not isinstance(value, str):
        raise _CellError(_("Phải là văn bản JSON."))
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise _CellError(
            _("JSON không hợp lệ: %(error)s (dòng %(line)d, cột %(col)d).")
            % {"error": exc.msg, "line": exc.lineno, "col": exc.colno}
        ) from None


PARSERS = {
    "code": _parse_code,
    "choice": _parse_code,
    "text": _parse_text,
    "bool": _parse_bool,
    "date": _parse_date,
    "decimal": _parse_decimal,
    "int": _parse_int,
    "json": _parse_json,
}


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_key(value: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split()).casefold()


@dataclasses.dataclass
class _Reading:
    """The data read so far, where each row came from, and the problems found."""

    data: dict = dataclasses.field(default_factory=lambda: {"fields": [], "procedures": []})
    origins: dict[str, tuple[Sheet, int]] = dataclasses.field(default_factory=dict)
    positions: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)  # sheet → key → column index
    errors: dict[tuple, CatalogueError] = dataclasses.field(default_factory=dict)
    structural: bool = False
    keyless_versions: bool = False  # a ThuTuc row without a readable code or decision

    def add(self, sheet: Sheet, row: int, key: str, message: str) -> None:
        index = self.positions[sheet.name].get(key, 0)
        column = sheet.column(key)
        location = f"{sheet.name}!{get_column_letter(index + 1)}{row}"
        sort_key = (SHEETS.index(sheet), row, index, key)
        self.errors.setdefault(sort_key[:3], CatalogueError(location, column.title if column else key, message))

    def add_structural(self, sheet_name: str, column: str, message: str) -> None:
        self.structural = True
        self.errors[(-1, len(self.errors), 0)] = CatalogueError(sheet_name, column, message)

    def sorted_errors(self) -> list[CatalogueError]:
        return [self.errors[key] for key in sorted(self.errors)]


def _read_header(reading: _Reading, ws: Worksheet, sheet: Sheet) -> bool:
    found = {_header_key(cell.value): index for index, cell in enumerate(ws[1]) if not _is_blank(cell.value)}
    positions = {}
    for column in sheet.columns:
        index = found.get(_header_key(column.title), found.get(_header_key(column.key)))
        if index is None:
            reading.add_structural(sheet.name, column.title, _("Thiếu cột này ở dòng tiêu đề (dòng 1)."))
        else:
            positions[column.key] = index
    reading.positions[sheet.name] = positions
    return len(positions) == len(sheet.columns)


def _read_rows(reading: _Reading, ws: Worksheet, sheet: Sheet):
    """Yield (row number, values by key) for each non-blank row; bad cells are recorded and read as blank."""
    positions = reading.positions[sheet.name]
    for cells in ws.iter_rows(min_row=2):
        raw = {key: cells[index].value if index < len(cells) else None for key, index in positions.items()}
        if all(_is_blank(value) for value in raw.values()):
            continue
        row = cells[0].row
        values = {}
        for column in sheet.columns:
            values[column.key] = copy.copy(column.empty)
            if _is_blank(raw[column.key]):
                continue
            try:
                values[column.key] = PARSERS[column.kind](raw[column.key])
            except _CellError as exc:
                values[column.key] = None
                reading.add(sheet, row, column.key, exc.message)
        yield row, values


def _read_versions(reading: _Reading, workbook) -> dict[tuple, int]:
    index_of: dict[tuple, int] = {}
    for row, values in _read_rows(reading, workbook[THU_TUC.name], THU_TUC):
        index = len(reading.data["procedures"])
        reading.data["procedures"].append(values | {kind.kind: [] for kind in CHILD_SHEETS})
        reading.origins[f"procedures[{index}]"] = (THU_TUC, row)
        index_of.setdefault((values["national_code"], values["decision"]), index)
        reading.keyless_versions |= not (values["national_code"] and values["decision"])
    return index_of


def _read_children(reading: _Reading, workbook, sheet: Sheet, index_of: dict[tuple, int]) -> None:
    for row, values in _read_rows(reading, workbook[sheet.name], sheet):
        national_code, decision = values.pop("national_code"), values.pop("decision")
        index = index_of.get((national_code, decision))
        if index is None and reading.keyless_versions:
            continue  # most likely a row of that version: the ThuTuc error says what to fix first
        if index is None:
            message = _("Không có phiên bản %(code)s theo “%(decision)s” ở trang ThuTuc.") % {
                "code": national_code,
                "decision": decision,
            }
            reading.add(sheet, row, "decision", message)
            continue
        children = reading.data["procedures"][index][sheet.kind]
        reading.origins[f"procedures[{index}].{sheet.kind}[{len(children)}]"] = (sheet, row)
        children.append(values)


def _read(stream: IO[bytes] | bytes | str) -> _Reading:
    reading = _Reading()
    try:
        workbook = load_workbook(io.BytesIO(stream) if isinstance(stream, bytes) else stream, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        reading.add_structural(_("Tệp"), "", _("Không đọc được tệp Excel (.xlsx): %(error)s") % {"error": exc})
        return reading
    for sheet in SHEETS:
        if sheet.name not in workbook.sheetnames:
            reading.add_structural(sheet.name, "", _("Thiếu trang tính %(name)s.") % {"name": sheet.name})
        else:
            _read_header(reading, workbook[sheet.name], sheet)
    if reading.structural:
        return reading
    for row, values in _read_rows(reading, workbook[LINH_VUC.name], LINH_VUC):
        reading.origins[f"fields[{len(reading.data['fields'])}]"] = (LINH_VUC, row)
        reading.data["fields"].append(values)
    index_of = _read_versions(reading, workbook)
    for sheet in CHILD_SHEETS:
        _read_children(reading, workbook, sheet, index_of)
    return reading


def _locate(reading: _Reading, errors: list[CatalogueError]) -> None:
    """Put the service's errors (`procedures[3].steps[1]`, `quota_hours`) back on the cell they came from."""
    for error in errors:
        origin = reading.origins.get(error.location)
        if origin is None:
            reading.add_structural(error.location, error.column, error.message)
            continue
        sheet, row = origin
        reading.add(sheet, row, error.column if sheet.column(error.column) else sheet.columns[0].key, error.message)


def catalogue_from_xlsx(stream: IO[bytes] | bytes | str) -> dict:
    """Read a workbook into `catalogue_import`'s data; cells that cannot be read raise with sheet, cell and title."""
    reading = _read(stream)
    if reading.errors:
        raise CatalogueImportError(reading.sorted_errors())
    return reading.data


def catalogue_import_xlsx(*, stream: IO[bytes] | bytes | str) -> ImportReport:
    """Read and import a workbook; every error (reading or validation) names its cell, and nothing is written."""
    reading = _read(stream)
    if reading.structural:
        raise CatalogueImportError(reading.sorted_errors())
    if reading.errors:
        _locate(reading, catalogue_validate(data=reading.data))
        raise CatalogueImportError(reading.sorted_errors())
    try:
        return catalogue_import(data=reading.data)
    except CatalogueImportError as exc:
        _locate(reading, exc.errors)
        raise CatalogueImportError(reading.sorted_errors()) from None
