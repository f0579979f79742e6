"""One cell's value read as the data's value, by the column's kind; a cell that cannot be read raises CellError.

Excel hands back whatever the official typed or it guessed — floats for codes, datetimes, "Có", "0,5" — so each
kind accepts the forms officials actually enter and refuses the rest with a Vietnamese message for that cell.
"""

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from lienthong.catalogue.xlsx.layout import NO, YES

TRUTHY = {"có", "co", "x", "true", "đúng", "1", "yes"}
FALSY = {"không", "khong", "false", "sai", "0", "no"}


class CellError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _parse_code(value: Any) -> str:
    if isinstance(value, float):
        raise CellError(_("Mã phải nhập dạng văn bản (định dạng ô Text), Excel đã đổi thành số %(v)s.") % {"v": value})
    if isinstance(value, dt.date | dt.time):
        raise CellError(_("Mã phải nhập dạng văn bản, không phải ngày giờ."))
    return str(value).strip()


def _parse_text(value: Any) -> str:
    if isinstance(value, dt.date | dt.time):
        raise CellError(_("Phải là văn bản, không phải ngày giờ."))
    return value if isinstance(value, str) else str(value)


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in TRUTHY or text in FALSY:
        return text in TRUTHY
    raise CellError(_("Phải ghi %(yes)s hoặc %(no)s.") % {"yes": YES, "no": NO})


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
    raise CellError(_("Ngày không hợp lệ; nhập dạng dd/mm/yyyy."))


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool | dt.date | dt.time):
        raise CellError(_("Phải là một số."))
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise CellError(_("Phải là một số.")) from None


def _parse_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise CellError(_("Phải là số nguyên."))


def _parse_json(value: Any) -> Any:
    if not isinstance(value, str):
        raise CellError(_("Phải là văn bản JSON."))
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise CellError(
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
