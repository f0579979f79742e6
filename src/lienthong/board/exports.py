"""The monthly compliance report as files: XLSX for those who keep it in Excel, PDF to sign and file.

Both are Vietnamese documents whatever the language of the officer's screen (as the one-stop forms are), and both
are drawn from the same `ComplianceReport` as the page. The PDF is laid out by WeasyPrint offline with the
machine's own fonts (`lienthong.dossiers.documents.weasy`).
"""

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from lienthong.board.compliance import ComplianceLine, ComplianceReport
from lienthong.board.summary import compliance_summary
from lienthong.dossiers.documents.weasy import html_to_pdf

LANGUAGE = "vi"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
PERCENT = "0.0%"
HOURS = "0.0"
# (heading, row key, width, number format)
COLUMNS = [
    ("STT", "number", 6, None),
    ("Cơ quan, đơn vị", "agency", 36, None),
    ("Cấp", "level", 10, None),
    ("Người đứng đầu", "head", 24, None),
    ("Chức danh", "head_title", 20, None),
    ("Phụ trách / quyền", "head_acting", 10, None),
    ("Đảm nhiệm từ ngày", "head_since", 13, "dd/mm/yyyy"),
    ("Hệ thống kết nối", "systems", 40, None),
    ("Tỷ lệ sẵn sàng thấp nhất", "availability", 12, PERCENT),
    ("Số lần mất kết nối", "outages", 10, None),
    ("Mất kết nối lâu nhất (giờ)", "longest", 12, HOURS),
    ("Thời gian chưa kết nối (giờ)", "never", 12, HOURS),
    ("Số lần cảnh báo", "escalations", 10, None),
    ("Hồ sơ tiếp nhận", "received", 10, None),
    ("Đã đồng bộ DVCQG", "synced", 10, None),
    ("Tỷ lệ đồng bộ", "sync_share", 10, PERCENT),
    ("Điểm chỉ số 1.4 (QĐ 766)", "sync_points", 10, "0.00"),
    ("Kết quả", "result", 11, None),
    ("Lý do không đạt", "reasons", 60, None),
]


def _hours(value) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 1)


def _system_text(line: ComplianceLine) -> str:
    parts = []
    for system in line.systems:
        share = system.availability.share
        parts.append(f"{system.name}: " + ("chưa rõ" if share is None else f"{share * 100:.1f} %"))
    return "\n".join(parts)


def _row(number: int, line: ComplianceLine) -> dict:
    return {
        "number": number, "agency": line.name, "level": line.level_label, "head": line.head_name or "",
        "head_title": line.head_title or "", "head_acting": "x" if line.head_acting else "",
        "head_since": line.head_since, "systems": _system_text(line) or "Chưa khai báo hệ thống",
        "availability": line.availability, "outages": line.outages, "longest": _hours(line.longest_outage),
        "never": _hours(line.never) or None, "escalations": line.escalations, "received": line.received,
        "synced": line.synced, "sync_share": line.sync_share,
        "sync_points": float(line.sync.points) if line.sync else None,
        "result": "Đạt" if line.compliant else "Không đạt",
        "reasons": "\n".join(str(reason) for reason in line.reasons),
    }  # fmt: skip


def _title(report: ComplianceReport) -> str:
    return f"Báo cáo tuân thủ kết nối tháng {report.label}"


def _sheet(sheet, report: ComplianceReport, lines: list[ComplianceLine], heading: str) -> None:
    local = timezone.localtime
    sheet.append([_title(report)])
    sheet["A1"].font = Font(bold=True, size=14)
    for text in (
        report.province_name,
        heading,
        f"Từ {local(report.start):%d/%m/%Y %H:%M} đến {local(report.end):%d/%m/%Y %H:%M}; "
        f"lập lúc {local(report.generated_at):%d/%m/%Y %H:%M}",
        f"Ngưỡng: sẵn sàng {report.min_availability * 100:.1f} %, đồng bộ DVCQG {report.min_sync_share * 100:.1f} %",
    ):
        sheet.append([text])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append([heading for heading, _key, _width, _format in COLUMNS])
    for number, line in enumerate(lines, start=1):
        row = _row(number, line)
        sheet.append([row[key] if row[key] != "" else None for _heading, key, _width, _format in COLUMNS])
    _style(sheet, header_row)


def _style(sheet, header_row: int) -> None:
    for index, (_heading, _key, width, number_format) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        for (cell,) in sheet.iter_rows(min_row=header_row, min_col=index, max_col=index):
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if number_format and cell.row > header_row:
                cell.number_format = number_format
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"{header_row}:{header_row}"


def compliance_xlsx(report: ComplianceReport) -> bytes:
    """Two sheets: the units out of compliance with their heads and reasons, then every unit."""
    with translation.override(LANGUAGE):
        book = Workbook()
        _sheet(book.active, report, report.non_compliant, "Các cơ quan, đơn vị không đạt")
        book.active.title = "Không đạt"
        _sheet(book.create_sheet("Tất cả đơn vị"), report, report.lines, "Tất cả cơ quan, đơn vị")
        if report.noted:  # what other apps add per unit (board.extensions): the roadmap section
            notes = book.create_sheet("Lộ trình")
            notes.append(["Cơ quan, đơn vị", "Người đứng đầu", "Nội dung", "Tình trạng", "Chi tiết"])
            for line in report.noted:
                for note in line.notes:
                    notes.append([line.name, line.head_name or "", note.heading, note.label, "\n".join(note.details)])
            for cell in notes[1]:
                cell.font = Font(bold=True)
        output = io.BytesIO()
        book.save(output)
    return output.getvalue()


def compliance_html(report: ComplianceReport) -> str:
    with translation.override(LANGUAGE):
        summary = compliance_summary(report.lines, month_label=report.label)  # its chart, drawn in Vietnamese
        return render_to_string("board/compliance_pdf.html", {"report": report, "title": _title(report),
                                                              "summary": summary})  # fmt: skip


def compliance_pdf(report: ComplianceReport) -> bytes:
    """A4 landscape: title, province, period and time of issue, summary counts, the units per level × result with
    their chart (an inline SVG WeasyPrint draws as vectors), the units out of compliance."""
    return html_to_pdf(compliance_html(report))
