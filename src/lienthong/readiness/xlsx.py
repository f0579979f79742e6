"""The quarter's survey as a workbook: one sheet, a header row (commune code, name, then one column per question),
one row per commune — or, with a column *Thôn, tổ dân phố*, one row per village, the commune's code on each. Reading
names each bad cell by row; a file that is not such a workbook is refused whole."""

import io
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from lienthong.core.text import fold
from lienthong.readiness.constants import FIELDS, QUESTIONNAIRE_VERSION, QUESTIONS
from lienthong.readiness.services import ReadinessError

MAX_ROWS = 2000  # a province has a few hundred communes; a bigger sheet is not this file
CODE, NAME, VILLAGE = "Mã xã", "Tên xã, phường", "Thôn, tổ dân phố"
VILLAGE_MAX = 150


def _headings() -> dict[str, str]:
    """Folded heading → field, in Vietnamese (the file's language) and by field name."""
    with translation.override("vi"):
        known = {fold(str(label)): name for name, label in QUESTIONS[QUESTIONNAIRE_VERSION]}
    known.update({fold(name): name for name in FIELDS})
    known[fold(CODE)] = "code"
    known[fold(NAME)] = "name"
    known[fold(VILLAGE)] = "village"
    known[fold("Thôn/tổ dân phố")] = "village"
    return known


def _count(value: Any) -> tuple[int | None, bool]:
    """A whole number from a cell (1234, 1234.0, "1.234"): (value, ok); a blank cell is (None, True)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int):
        return value, True
    if isinstance(value, float):
        return (int(value), True) if value.is_integer() else (None, False)
    text = str(value).strip().replace(".", "").replace(",", "").replace(" ", "")
    return (int(text), True) if text.isascii() and text.isdigit() and len(text) < 12 else (None, False)


def _code(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{int(value):05d}"  # 26041 typed as a number, or 00001 whose zeros Excel dropped
    return str(value or "").strip()


def survey_rows_from_xlsx(
    stream: IO[bytes] | bytes,
) -> list[tuple[int, str, dict[str, int | None], list[str], str | None]]:
    """(row number, commune code, values, problems, village) for every non-blank row — village None in a file of one
    row per commune, the village's name (blank: "") in a file with the village column; ReadinessError for a file that
    is not the survey's workbook (not XLSX, a column missing, too many rows)."""
    data = stream if isinstance(stream, bytes) else stream.read()
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise ReadinessError(_("Tệp không phải bảng tính Excel (.xlsx) đọc được.")) from error
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    known = _headings()
    columns = {index: known.get(fold(str(cell or ""))) for index, cell in enumerate(header)}
    missing = [f for f in ("code", *FIELDS) if f not in columns.values()]
    if missing:
        with translation.override(translation.get_language()):
            names = [CODE if f == "code" else str(dict(QUESTIONS[QUESTIONNAIRE_VERSION])[f]) for f in missing]
        raise ReadinessError(_("Thiếu cột: %(columns)s.") % {"columns": ", ".join(names)})
    by_village = "village" in columns.values()
    found = []
    for number, cells in enumerate(rows, start=2):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if len(found) >= MAX_ROWS:
            raise ReadinessError(_("Tệp có quá %(n)s dòng.") % {"n": MAX_ROWS})
        code, values, problems = "", {}, []
        village = "" if by_village else None
        for index, cell in enumerate(cells):
            name = columns.get(index)
            if name == "code":
                code = _code(cell)
            elif name == "village":
                village = " ".join(str(cell or "").split())[:VILLAGE_MAX]
            elif name in FIELDS:
                value, ok = _count(cell)
                values[name] = value
                if not ok:
                    label = dict(QUESTIONS[QUESTIONNAIRE_VERSION])[name]
                    problems.append(_("“%(q)s” không phải số nguyên (“%(v)s”)") % {"q": label, "v": str(cell)[:30]})
        if village == "" and not problems and all(v is None for v in values.values()):
            continue  # the village template's blank line for a commune that sent no village
        found.append((number, code, values, problems, village))
    return found


RANKING_HEADINGS = (
    "Hạng",
    "Mã xã",
    "Tên xã, phường",
    "Có điện thoại thông minh (%)",
    "Chỉ dùng điện thoại phổ thông (%)",
    "VNeID mức 2 (%)",
    "Tài khoản DVCQG (%)",
    "Hộ có cáp quang (%)",
    "Hồ sơ tiếp nhận trong quý",
    "Hồ sơ trực tuyến (%)",
    "Hồ sơ trực tuyến toàn trình (%)",
    "Tài khoản đăng ký bằng điện thoại",
    "Điểm QĐ 766",
    "Cần hỗ trợ",
)
ASSIST = {"guide": "Hướng dẫn dịch vụ công trực tuyến", "devices": "Hỗ trợ thiết bị", "": ""}


def _share(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def survey_xlsx(
    *,
    communes: list[tuple[str, str]],
    records: dict[str, dict[str, int]],
    ranking=None,
    villages: dict[str, list[tuple[str, dict[str, int]]]] | None = None,
) -> bytes:
    """The quarter's workbook: every commune (code, name), filled with what is stored — the template to fill in,
    and the export; with `ranking` (the view's rows), a second sheet of the rates beside the system's figures.
    With `villages` (code → [(village, values)]), the template of one row per village: each commune's villages (a
    blank line for a commune without any: left blank, it is not imported)."""
    with translation.override("vi"):
        book = Workbook()
        sheet = book.active
        sheet.title = "Khảo sát"
        by_village = villages is not None
        sheet.append([CODE, NAME, *([VILLAGE] if by_village else []),
                      *[str(label) for _n, label in QUESTIONS[QUESTIONNAIRE_VERSION]]])  # fmt: skip
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for code, name in communes:
            if by_village:
                for village, values in villages.get(code) or [("", {})]:
                    sheet.append([code, name, village, *[values.get(f) for f in FIELDS]])
                continue
            values = records.get(code, {})
            sheet.append([code, name, *[values.get(f) for f in FIELDS]])
        sheet.column_dimensions["B"].width = 30
        if by_village:
            sheet.column_dimensions["C"].width = 24
        if ranking is not None:
            ranked = book.create_sheet("Xếp hạng")
            ranked.append(list(RANKING_HEADINGS))
            for cell in ranked[1]:
                cell.font = Font(bold=True)
            for r in ranking:
                rates = r.rates
                ranked.append([r.rank, r.code, r.name, _share(rates["smartphone"]), _share(rates["feature_only"]),
                               _share(rates["vneid"]), _share(rates["portal"]), _share(rates["broadband"]), r.received,
                               _share(r.online_share), _share(r.fully_online_share), r.phone_accounts, r.score,
                               ASSIST[r.assist]])  # fmt: skip
            ranked.column_dimensions["C"].width = 30
        output = io.BytesIO()
        book.save(output)
    return output.getvalue()
