"""The leaders' dashboard as files: XLSX for those who work in Excel, PDF (with the charts) to print and file.

Like the compliance report, they are Vietnamese documents whatever the language of the officer's screen, drawn from
the same figures as the page; the PDF is laid out by WeasyPrint offline (`dossiers.documents.weasy`), which draws the
inline SVG charts.
"""

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lienthong.dossiers.documents.weasy import html_to_pdf
from lienthong.reports.index766 import ProvinceScores, UnitResult
from lienthong.reports.kpi766 import load_version
from lienthong.reports.listing import dossier_rows
from lienthong.reports.petition_listing import complaint_rows

LANGUAGE = "vi"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS_MAX = 100_000  # a list exported past this is cut, and says so: a file a leader's Excel opens


def _sheet(sheet, *, title: str, lines: Sequence[str], headings: Sequence[str], rows: Iterable[Sequence],
           widths: Sequence[int]) -> None:  # fmt: skip
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in lines:
        sheet.append([line])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(list(headings))
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append(list(row))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _book_bytes(book: Workbook) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _stamp(scores: ProvinceScores) -> list[str]:
    local = timezone.localtime(scores.judged_at)
    return [
        f"Kỳ đánh giá: {scores.period.label}; số liệu tính đến {local:%d/%m/%Y %H:%M}",
        f"Cách tính: {load_version(scores.version).title} ({scores.version})",
    ]


def _group_headings(version: str) -> list[str]:
    return [f"{g.label_vi} ({g.max_points})" for g in load_version(version).groups]


def _unit_row(result: UnitResult) -> list:
    return [result.rank, result.unit.name, *(float(g.points) for g in result.score.groups), float(result.score.total),
            result.counts.get("dossiers_received", 0)]  # fmt: skip


def overview_xlsx(scores: ProvinceScores) -> bytes:
    """The province's score, then its departments and its communes ranked, one sheet each."""
    with translation.override(LANGUAGE):
        book = Workbook()
        headings = ["Hạng", "Đơn vị", *_group_headings(scores.version), "Tổng điểm (100)", "Hồ sơ tiếp nhận"]
        widths = [7, 44, *([14] * 6), 12, 12]
        sheets = [("Tỉnh", "Chỉ số phục vụ của tỉnh", [scores.province] if scores.province else []),
                  ("Sở, ban, ngành", "Xếp hạng các sở, ban, ngành", scores.departments),
                  ("Xã, phường", "Xếp hạng các xã, phường, đặc khu", scores.communes)]  # fmt: skip
        for index, (name, title, results) in enumerate(sheets):
            sheet = book.active if index == 0 else book.create_sheet()
            sheet.title = name
            _sheet(sheet, title=f"{title} — Quyết định 766/QĐ-TTg", lines=_stamp(scores), headings=headings,
                   rows=(_unit_row(r) for r in results), widths=widths)  # fmt: skip
        return _book_bytes(book)


def unit_xlsx(result: UnitResult, scores: ProvinceScores) -> bytes:
    """Every indicator of one unit: group, code, name, numerator, denominator, rate, points of maximum."""
    with translation.override(LANGUAGE):
        version = load_version(scores.version)
        labels = {i.code: i.label_vi for i in version.indicators}
        groups = {g.code: g.label_vi for g in version.groups}
        rows = [
            [groups.get(group.code, group.code), score.code, labels.get(score.code, score.code), float(score.numerator),
             float(score.denominator), None if score.no_data else float(score.percent) / 100, float(score.points),
             float(score.max_points), "không có dữ liệu" if score.no_data else ""]
            for group in result.score.groups for score in group.indicators
        ]  # fmt: skip
        rows.append(["Tổng", "", "", None, None, None, float(result.score.total), float(result.score.max_points), ""])
        book = Workbook()
        _sheet(book.active, title=f"Chỉ số phục vụ — {result.unit.name}", lines=_stamp(scores),
               headings=["Nhóm", "Mã", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ", "Điểm", "Tối đa", "Ghi chú"],
               rows=rows, widths=[24, 30, 50, 10, 10, 9, 9, 9, 16])  # fmt: skip
        for (cell,) in book.active.iter_rows(min_col=6, max_col=6, min_row=6):
            cell.number_format = "0.0%"
        return _book_bytes(book)


def on_time_xlsx(context: dict) -> bytes:
    table = context["table"]
    with translation.override(LANGUAGE):
        rows = [
            [r.label, r.received, r.finished, r.finished_on_time, r.finished_late,
             None if r.rate is None else float(r.rate) / 100,
             None if r.average_days is None else float(r.average_days), r.overdue_now]
            for r in [*table.rows, table.total]
        ]  # fmt: skip
        book = Workbook()
        _sheet(book.active, title=f"Tình hình giải quyết hồ sơ — {table.period.label}",
               lines=[f"Lập lúc {timezone.localtime():%d/%m/%Y %H:%M}"],
               headings=[str(context["groupings"][table.grouping]), "Tiếp nhận", "Đã giải quyết", "Đúng hạn",
                         "Trễ hạn", "Tỷ lệ đúng hạn", "Thời gian giải quyết trung bình (ngày)",
                         "Đang quá hạn"],
               rows=rows, widths=[44, 11, 11, 11, 11, 11, 14, 11])  # fmt: skip
        for (cell,) in book.active.iter_rows(min_col=6, max_col=6, min_row=4):
            cell.number_format = "0.0%"
        return _book_bytes(book)


def dossiers_xlsx(context: dict, facts) -> bytes:
    def rows():
        batch: list = []
        for fact in facts[:ROWS_MAX].iterator(2000):
            batch.append(fact)
            if len(batch) == 500:
                yield from _dossier_cells(batch)
                batch = []
        yield from _dossier_cells(batch)

    with translation.override(LANGUAGE):
        unit = context["unit"]
        book = Workbook()
        _sheet(book.active, title=f"{context['label']} — {unit.unit.name if unit else ''}",
               lines=[f"Kỳ: {context['period'].label}"],
               headings=["Mã hồ sơ", "Chủ hồ sơ", "Thủ tục", "Đơn vị giải quyết", "Tiếp nhận", "Hẹn trả",
                         "Kết thúc xử lý", "Đúng hạn"],
               rows=rows(), widths=[26, 28, 50, 30, 17, 17, 17, 10])  # fmt: skip
        return _book_bytes(book)


def _dossier_cells(facts: list) -> Iterable[list]:
    def local(instant):
        return None if instant is None else timezone.localtime(instant).replace(tzinfo=None)

    for row in dossier_rows(facts):
        yield [row.code, row.applicant, row.procedure, row.unit, local(row.received_at), local(row.due_at),
               local(row.ended_at), {True: "Đúng hạn", False: "Trễ hạn", None: ""}[row.is_on_time]]  # fmt: skip


def complaints_xlsx(context: dict, facts) -> bytes:
    """The list of complaints behind a PAKN figure, whole (up to ROWS_MAX), in the list's order."""
    at = context["judged_at"]

    def rows():
        batch: list = []
        for fact in facts.order_by("answer_due_at", "complaint_id")[:ROWS_MAX].iterator(2000):
            batch.append(fact)
            if len(batch) == 500:
                yield from _complaint_cells(batch, at=at)
                batch = []
        yield from _complaint_cells(batch, at=at)

    with translation.override(LANGUAGE):
        unit = context["unit"]
        book = Workbook()
        _sheet(book.active, title=f"{context['label']} — {unit.unit.name if unit else 'Toàn tỉnh'}",
               lines=[f"Kỳ: {context['period'].label}"],
               headings=["Mã", "Loại", "Tiêu đề", "Cơ quan xử lý", "Trạng thái", "Tiếp nhận", "Hạn trả lời",
                         "Trả lời lúc", "Đúng hạn"],
               rows=rows(), widths=[22, 12, 50, 34, 18, 17, 17, 17, 10])  # fmt: skip
        return _book_bytes(book)


def _complaint_cells(facts: list, *, at) -> Iterable[list]:
    def local(instant):
        return None if instant is None else timezone.localtime(instant).replace(tzinfo=None)

    for row in complaint_rows(facts, at=at):
        yield [row.code, row.kind, row.title, row.agency, row.status, local(row.received_at),
               local(row.answer_due_at), local(row.answered_at), "Quá hạn" if row.late else "Đúng hạn"]  # fmt: skip


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_response(template: str, context: dict, filename: str) -> HttpResponse:
    with translation.override(LANGUAGE):
        html = render_to_string(template, context)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
