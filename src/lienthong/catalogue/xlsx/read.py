"""A workbook read back into `catalogue_import`'s data, every error reported as `Sheet!<letter><row> (<title>)`.

A column is found by its title or its data key, so officials may reorder columns or add their own, which are
ignored. Child sheets point at their version by national code + announcing decision. Errors from the service's
validation (`procedures[3].steps[1]`) are mapped back to the cell the value came from.
"""

import copy
import dataclasses
import io
import unicodedata
import zipfile
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from lienthong.catalogue.services import (
    CatalogueError,
    CatalogueImportError,
    ImportReport,
    catalogue_import,
    catalogue_validate,
)
from lienthong.catalogue.xlsx.cells import PARSERS, CellError
from lienthong.catalogue.xlsx.layout import CHILD_SHEETS, LINH_VUC, SHEETS, THU_TUC, Sheet
from lienthong.core.archives import zip_refusal

# A province's whole catalogue unpacks to a few megabytes; openpyxl holds what it unpacks in memory many times over.
WORKBOOK_BOUNDS = {"max_total_bytes": 100 * 1024 * 1024, "max_ratio": 200, "max_members": 1000}


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
        if index is not None:
            positions[column.key] = index
        elif not column.added:
            reading.add_structural(sheet.name, column.title, _("Thiếu cột này ở dòng tiêu đề (dòng 1)."))
    reading.positions[sheet.name] = positions
    return all(column.key in positions or column.added for column in sheet.columns)


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
            if _is_blank(raw.get(column.key)):
                continue
            try:
                values[column.key] = PARSERS[column.kind](raw[column.key])
            except CellError as exc:
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
    if refused := zip_refusal(stream, **WORKBOOK_BOUNDS):
        reading.add_structural(_("Tệp"), "", _("Không đọc tệp Excel (.xlsx): %(reason)s") % {"reason": refused})
        return reading
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
