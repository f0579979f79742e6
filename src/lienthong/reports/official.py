"""The national dashboard's published Decision 766 scores, read so that leaders see ours beside theirs (issue 12,
item 3; next-capabilities §1.1 "National dashboard").

The portal publishes scores in two shapes, and provinces keep them as files:
- **the ranked table** of `report_tinh_766_service` (the older `rest.jsp` API, still used in 2025), one row per
  unit: `ID, TEN, ROW_STT` (rank), the six group columns, `TONG_SCORE`, `CAPDONVIID` (1 department, 2 commune),
  `MA_COQUAN` — as JSON rows, or as the XLSX a province exports with those column headers;
- **the evaluation API** (`/api/v1/reporting/evaluation/<group>`, 2026): one response per group, each unit a
  dict with `departmentCode`/`departmentName`, `score`, `maxScore`, maybe `metrics[]` (`code`, `score`) and
  `children[]` (communes under a province, departments under a ministry).

Which column or path holds which group is the formula version's data (`kpi766/definitions/*.json`: each group's
`legacy_key` and `api_path`), not a copy here: no source we have settles the ranked table's `TTTT` and `CLGQ` (two
readings disagree), and a version that corrects them corrects the importer too.

Everything here is parsing: bounded (rows, file size, zip bombs), and what cannot be read is said in Vietnamese
with where it was, never a 500. Storing and showing the scores beside ours belongs to the read model.
"""

import io
import json
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from lienthong.core.archives import zip_refusal
from lienthong.reports.kpi766 import CURRENT_VERSION, load_version

MAX_UNITS = 5_000  # 34 provinces, or one province's ~30 departments and ~100 communes: thousands is already wrong
MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 8  # province → department → … : the published trees are two or three levels deep
WORKBOOK_BOUNDS = {"max_total_bytes": 100 * 1024 * 1024, "max_ratio": 200, "max_members": 200}

LEVELS = {"1": "department", "2": "commune"}


class OfficialScoresError(ValueError):
    """A published-scores file that cannot be read; the message says where and why, in the user's language."""


@dataclass
class OfficialScore:
    """One unit's published scores: by group, in total, and by metric where the source gives them."""

    unit_code: str  # MA_COQUAN / departmentCode: the unit's code in the national catalogue
    unit_name: str
    level: str = ""  # "department", "commune" or "" when the source does not say
    rank: int | None = None
    total: Decimal | None = None
    groups: dict[str, Decimal] = field(default_factory=dict)
    metrics: dict[str, Decimal] = field(default_factory=dict)


def official_scores_read(
    *, source: IO[bytes] | bytes, filename: str, version: str = CURRENT_VERSION
) -> list[OfficialScore]:
    """Read a published-scores file (.xlsx, or .json in either shape) into one record per unit, the groups named as
    the formula `version` names them."""
    published = load_version(version).groups
    groups = {group.legacy_key: group.code for group in published}
    paths = {group.api_path: group.code for group in published}
    data = source if isinstance(source, bytes) else source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise OfficialScoresError(_("Tệp quá lớn (tối đa 20 MB)."))
    if filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
        return _bounded([_ranked_row(row, where=_("dòng %(n)d") % {"n": n}, groups=groups) for n, row in rows])
    if filename.lower().endswith(".json"):
        return _bounded(_from_json(_json_load(data), groups=groups, paths=paths))
    raise OfficialScoresError(_("Chỉ nhận tệp .xlsx hoặc .json do Cổng Dịch vụ công quốc gia công bố."))


def _bounded(scores: list[OfficialScore]) -> list[OfficialScore]:
    if not scores:
        raise OfficialScoresError(_("Tệp không có dòng điểm nào của đơn vị."))
    counted = Counter(s.unit_code for s in scores)
    if duplicated := sorted(code for code, times in counted.items() if times > 1):
        raise OfficialScoresError(_("Mã đơn vị lặp lại: %(codes)s.") % {"codes": ", ".join(duplicated[:5])})
    return scores


def _json_load(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OfficialScoresError(_("Tệp JSON không đọc được: %(error)s") % {"error": exc}) from None


def _from_json(payload: Any, *, groups: Mapping[str, str], paths: Mapping[str, str]) -> list[OfficialScore]:
    """The ranked table's rows (a list, or under "data"/"result"), or evaluation responses keyed by group path."""
    if isinstance(payload, dict) and set(payload) & set(paths):
        return _from_evaluations(payload, paths=paths)
    rows = payload
    if isinstance(payload, dict):
        rows = payload.get("data", payload.get("result"))
    if not isinstance(rows, list):
        raise OfficialScoresError(
            _("Không nhận ra cấu trúc tệp: cần danh sách dòng xếp hạng, hoặc kết quả đánh giá theo từng nhóm.")
        )
    if len(rows) > MAX_UNITS:
        raise OfficialScoresError(_("Tệp có quá nhiều đơn vị (tối đa %(max)d).") % {"max": MAX_UNITS})
    return [_ranked_row(row, where=_("phần tử %(n)d") % {"n": n}, groups=groups) for n, row in enumerate(rows, 1)]


def _ranked_row(row: Any, *, where: str, groups: Mapping[str, str]) -> OfficialScore:
    if not isinstance(row, dict):
        raise OfficialScoresError(_("%(where)s: không phải một dòng điểm.") % {"where": where})
    row = {str(key).strip().upper(): value for key, value in row.items()}
    code = _text(row.get("MA_COQUAN")) or _text(row.get("ID"))
    if not code:
        raise OfficialScoresError(_("%(where)s: thiếu mã đơn vị (MA_COQUAN).") % {"where": where})
    score = OfficialScore(
        unit_code=code, unit_name=_text(row.get("TEN")), level=LEVELS.get(_text(row.get("CAPDONVIID")), "")
    )
    score.rank = _whole(row.get("ROW_STT"), where=where, column="ROW_STT")
    score.total = _points(row.get("TONG_SCORE"), where=where, column="TONG_SCORE")
    for column, group in groups.items():
        if (points := _points(row.get(column), where=where, column=column)) is not None:
            score.groups[group] = points
    return score


def _from_evaluations(payload: Mapping[str, Any], *, paths: Mapping[str, str]) -> list[OfficialScore]:
    """Merge the per-group responses into one record per unit; the total is the sum of the groups published."""
    units: dict[str, OfficialScore] = {}
    for path, response in payload.items():
        group = paths.get(path)
        if group is None:
            raise OfficialScoresError(_("Nhóm chỉ số không rõ: %(name)s.") % {"name": str(path)[:80]})
        for node, where in _evaluation_nodes(response, where=path, depth=0):
            code = _text(node.get("departmentCode")) or _text(node.get("departmentId"))
            if not code:
                raise OfficialScoresError(_("%(where)s: thiếu mã đơn vị (departmentCode).") % {"where": where})
            unit = units.setdefault(code, OfficialScore(unit_code=code, unit_name=_text(node.get("departmentName"))))
            if len(units) > MAX_UNITS:
                raise OfficialScoresError(_("Tệp có quá nhiều đơn vị (tối đa %(max)d).") % {"max": MAX_UNITS})
            points = _points(node.get("score", node.get("totalScore")), where=where, column="score")
            if points is not None:
                unit.groups[group] = points
            for metric in node.get("metrics") or []:
                if isinstance(metric, dict) and _text(metric.get("code")):
                    value = _points(metric.get("score"), where=where, column=_text(metric.get("code")))
                    if value is not None:
                        unit.metrics[_text(metric.get("code"))] = value
    for unit in units.values():
        unit.total = sum(unit.groups.values(), Decimal(0)) if unit.groups else None
    return list(units.values())


def _evaluation_nodes(response: Any, *, where: str, depth: int) -> Iterator[tuple[dict, str]]:
    """Every unit in one group's response: `overview`/`evaluation[]` lists, `parent`/`children[]` trees."""
    if depth > MAX_DEPTH:
        raise OfficialScoresError(_("%(where)s: cây đơn vị lồng quá sâu.") % {"where": where})
    if isinstance(response, list):
        for n, item in enumerate(response, 1):
            yield from _evaluation_nodes(item, where=f"{where}[{n}]", depth=depth + 1)
        return
    if not isinstance(response, dict):
        return
    if "departmentCode" in response or "departmentId" in response:
        yield response, where
    for key in ("data", "overview", "evaluation", "parent", "children", "items"):
        if key in response:
            yield from _evaluation_nodes(response[key], where=f"{where}.{key}", depth=depth + 1)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, dict]]:
    if refused := zip_refusal(data, **WORKBOOK_BOUNDS):
        raise OfficialScoresError(_("Không đọc tệp Excel (.xlsx): %(reason)s") % {"reason": refused})
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError) as exc:
        raise OfficialScoresError(_("Không đọc được tệp Excel (.xlsx): %(error)s") % {"error": exc}) from None
    lines = sheet.iter_rows(values_only=True)
    header = [str(cell).strip().upper() if cell is not None else "" for cell in next(lines, ())]
    if "MA_COQUAN" not in header and "ID" not in header:
        raise OfficialScoresError(_("Dòng đầu của trang tính phải là tên cột (MA_COQUAN, TEN, ROW_STT, …)."))
    rows = []
    for n, values in enumerate(lines, 2):
        if all(value in (None, "") for value in values):
            continue
        if len(rows) >= MAX_UNITS:
            raise OfficialScoresError(_("Tệp có quá nhiều đơn vị (tối đa %(max)d).") % {"max": MAX_UNITS})
        rows.append((n, dict(zip(header, values, strict=False))))
    return iter(rows)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()[:255]


def _points(value: Any, *, where: str, column: str) -> Decimal | None:
    """A score as published (a number, or a number in text with a decimal comma); empty is "not published"."""
    if value is None or value == "":
        return None
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        points = None
    if points is None or not points.is_finite() or not 0 <= points <= 100:
        raise OfficialScoresError(
            _("%(where)s, cột %(column)s: “%(value)s” không phải số điểm từ 0 đến 100.")
            % {"where": where, "column": column, "value": str(value)[:40]}
        )
    return points.quantize(Decimal("0.01"))


def _whole(value: Any, *, where: str, column: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if not 1 <= number <= MAX_UNITS:
        raise OfficialScoresError(
            _("%(where)s, cột %(column)s: “%(value)s” không phải thứ hạng.")
            % {"where": where, "column": column, "value": str(value)[:40]}
        )
    return number
