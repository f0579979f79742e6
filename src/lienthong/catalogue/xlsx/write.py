"""The catalogue written as the workbook officials edit: one formatted sheet per table, then the HuongDan guide.

Codes are text cells so Excel never turns 1.001190 into the number 1.00119; enums get a drop-down; JSON is text in
a cell; dates are real dates; text starting with "=" stays text, never a formula.
"""

import io
import json
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lienthong.catalogue.services import catalogue_export_data
from lienthong.catalogue.xlsx.layout import CHILD_SHEETS, DATE_FORMAT, GUIDE, NO, SHEETS, YES, Column, Sheet


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
