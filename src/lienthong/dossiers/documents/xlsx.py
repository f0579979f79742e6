"""The control slip (Mẫu 06) and the tracking ledger (Mẫu 07) as spreadsheets, for offices that keep them in Excel.

Same rows as the PDF; instants are real date cells (Excel has no time zones: they are Viet Nam wall-clock time).
"""

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from lienthong.dossiers.documents.context import TITLES, control_slip_rows
from lienthong.dossiers.documents.pdf import form_source, ledger_context
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.models.documents import DocumentKind
from lienthong.org.models import Agency

DATE_FORMAT = "hh:mm dd/mm/yyyy"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# (header, row key, column width); a key ending in "_at" is an instant.
CONTROL_SLIP_COLUMNS = [
    ("STT", "number", 6),
    ("Bước xử lý", "name", 30),
    ("Cơ quan thực hiện", "agency", 30),
    ("Cán bộ xử lý", "officer", 22),
    ("Nhận lúc", "started_at", 17),
    ("Hạn xử lý", "due_at", 17),
    ("Hoàn thành lúc", "finished_at", 17),
    ("Kết quả (trước hạn, đúng hạn, quá hạn)", "result", 18),
    ("Người giao (ký, ghi rõ họ tên)", None, 20),
    ("Người nhận (ký, ghi rõ họ tên)", None, 20),
]
LEDGER_COLUMNS = [
    ("STT", "number", 6),
    ("Mã hồ sơ", "code", 26),
    ("Tên thủ tục hành chính", "procedure", 36),
    ("Tên cá nhân, tổ chức", "applicant", 24),
    ("Địa chỉ, số điện thoại", "contact", 30),
    ("Nhận hồ sơ lúc", "received_at", 17),
    ("Hẹn trả kết quả", "due_at", 17),
    ("Trả kết quả lúc", "returned_at", 17),
    ("Trạng thái", "status", 18),
    ("Ghi chú", "result", 14),
]


def control_slip_xlsx(*, dossier: Dossier) -> bytes:
    """Mẫu 06 of `dossier` as XLSX; DossierError if it was never received."""
    dossier, receipt = form_source(dossier=dossier, kind=DocumentKind.CONTROL_SLIP)
    lines = [
        f"Mã hồ sơ: {dossier.code}",
        f"Chủ hồ sơ: {dossier.applicant_name}",
        f"Thủ tục: {dossier.procedure_version.name}",
        f"Cơ quan tiếp nhận: {dossier.agency.name}",
    ]
    rows = control_slip_rows(dossier=dossier, receipt=receipt)
    return _workbook(TITLES[DocumentKind.CONTROL_SLIP], lines, CONTROL_SLIP_COLUMNS, rows)


def ledger_xlsx(*, agency: Agency, date_from: dt.date, date_to: dt.date) -> bytes:
    """Mẫu 07 as XLSX: one line per dossier `agency` received in the period."""
    context = ledger_context(agency=agency, date_from=date_from, date_to=date_to)
    lines = [context["agency_name"], context["period"]]
    return _workbook(context["title"], lines, LEDGER_COLUMNS, context["rows"])


def _workbook(title: str, lines: list[str], columns: list[tuple], rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]  # Excel's limit on a sheet name
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in lines:
        sheet.append([line])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append([header for header, _key, _width in columns])
    for row in rows:
        sheet.append([_cell(row.get(key)) if key else None for _header, key, _width in columns])
    _style(sheet, columns, header_row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _cell(value):
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)  # already Viet Nam time (context.local)
    return value if value != "" else None  # an empty cell, not an empty string


def _style(sheet, columns: list[tuple], header_row: int) -> None:
    for index, (_header, key, width) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        for (cell,) in sheet.iter_rows(min_row=header_row, min_col=index, max_col=index):
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if key and key.endswith("_at") and cell.row > header_row:
                cell.number_format = DATE_FORMAT
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_options.gridLines = False
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"{header_row}:{header_row}"
