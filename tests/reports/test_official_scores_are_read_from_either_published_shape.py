"""Issue 12 (3): the national dashboard's published 766 scores are read from the files provinces keep — the ranked
table as JSON rows or as an XLSX export, and the evaluation API's per-group responses — into one record per unit;
what cannot be read is refused with where and why, in Vietnamese, and nothing unbounded is attempted."""

import functools
import io
import json
import re
from decimal import Decimal

import pytest
from openpyxl import Workbook

from lienthong.reports import official
from lienthong.reports.official import OfficialScoresError, official_scores_read

RANKED = [
    {"ID": 101, "TEN": "Sở Tư pháp", "ROW_STT": 1, "CKMB": 17.5, "TDGQ": 19.8, "TTTT": 11, "CLGQ": 7.25,
     "MDSH": 20.1, "MDHL": 17.95, "TONG_SCORE": 93.6, "CAPDONVIID": 1, "MA_COQUAN": "000.00.12.H19"},
    {"ID": 202, "TEN": "UBND phường Trấn Biên", "ROW_STT": "2", "CKMB": "16,00", "TDGQ": 18, "TTTT": 10,
     "CLGQ": 0, "MDSH": 15, "MDHL": 18, "TONG_SCORE": "77", "CAPDONVIID": "2", "MA_COQUAN": "000.01.30.H19"},
]  # fmt: skip


def _xlsx(rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    header = list(rows[0])
    sheet.append(header)
    for row in rows:
        sheet.append([row[key] for key in header])
    sheet.append([None] * len(header))  # a blank line at the end, as exports often have
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_ranked_table_as_json_gives_each_units_groups_total_rank_and_level():
    scores = official_scores_read(source=json.dumps({"data": RANKED}).encode(), filename="xephang.json")

    justice, ward = scores
    assert (justice.unit_code, justice.unit_name, justice.level, justice.rank) == (
        "000.00.12.H19", "Sở Tư pháp", "department", 1)  # fmt: skip
    assert justice.total == Decimal("93.60")
    assert justice.groups == {
        "transparency": Decimal("17.50"), "progress": Decimal("19.80"), "online_service": Decimal("11.00"),
        "online_payment": Decimal("7.25"), "digitisation": Decimal("20.10"), "satisfaction": Decimal("17.95"),
    }  # fmt: skip
    # numbers written as text, with a decimal comma, are read as the portal meant them
    assert (ward.level, ward.rank, ward.groups["transparency"], ward.total) == (
        "commune", 2, Decimal("16.00"), Decimal("77.00"))  # fmt: skip


def test_the_same_table_exported_as_xlsx_reads_the_same():
    from_json = official_scores_read(source=json.dumps(RANKED).encode(), filename="a.json")
    from_xlsx = official_scores_read(source=io.BytesIO(_xlsx(RANKED)), filename="XepHang.XLSX")
    assert from_xlsx == from_json


def test_which_column_holds_which_group_is_the_formula_versions_data(tmp_path, monkeypatch):
    # given: a version that reads TTTT and CLGQ the other way round (the two public readings disagree)
    from lienthong.reports.kpi766 import registry

    current = json.loads((registry.DEFINITIONS / "qd766-2026-v1.json").read_text())
    for group in current["groups"]:
        group["legacy_key"] = {"TTTT": "CLGQ", "CLGQ": "TTTT"}.get(group["legacy_key"], group["legacy_key"])
    current["version"] = "qd766-test-swapped"
    (tmp_path / "qd766-test-swapped.json").write_text(json.dumps(current))
    monkeypatch.setattr(official, "load_version", functools.partial(registry.load_version, directory=tmp_path))
    # when: the same table is read under it
    (justice, _) = official_scores_read(
        source=json.dumps(RANKED).encode(), filename="a.json", version="qd766-test-swapped"
    )
    # then: the columns land in the other groups
    assert (justice.groups["online_payment"], justice.groups["online_service"]) == (Decimal("11.00"), Decimal("7.25"))


def test_evaluation_responses_per_group_merge_into_one_record_per_unit_with_metrics():
    payload = {
        "transparency": {"data": {"evaluation": [
            {"departmentCode": "000.00.12.H19", "departmentName": "Sở Tư pháp", "score": 16.5,
             "metrics": [{"code": "PUBLISH_ON_TIME", "score": 6}, {"code": "DOSSIER_SYNC", "score": 4.5}]},
        ]}},
        "dvc-progress-tree": {"data": {"parent": {"departmentCode": "H19", "departmentName": "Tỉnh Đồng Nai",
                                                  "score": 18.2},
                                       "children": [{"departmentCode": "000.00.12.H19", "score": 19}]}},
    }  # fmt: skip
    scores = {s.unit_code: s for s in official_scores_read(source=json.dumps(payload).encode(), filename="p.json")}

    assert scores["000.00.12.H19"].groups == {"transparency": Decimal("16.50"), "progress": Decimal("19.00")}
    assert scores["000.00.12.H19"].metrics == {"PUBLISH_ON_TIME": Decimal("6.00"), "DOSSIER_SYNC": Decimal("4.50")}
    assert scores["000.00.12.H19"].total == Decimal("35.50")  # the sum of what was published
    assert scores["H19"].unit_name == "Tỉnh Đồng Nai" and scores["H19"].groups == {"progress": Decimal("18.20")}


@pytest.mark.parametrize(
    ("content", "filename", "said"),
    [
        (b"{not json", "a.json", "Tệp JSON không đọc được"),
        (b"{}", "a.json", "Không nhận ra cấu trúc tệp"),
        (json.dumps([{"TEN": "Không mã"}]).encode(), "a.json", "phần tử 1: thiếu mã đơn vị (MA_COQUAN)"),
        (json.dumps([{**RANKED[0], "TDGQ": "cao"}]).encode(), "a.json", "cột TDGQ: “cao” không phải số điểm"),
        (json.dumps([{**RANKED[0], "TONG_SCORE": 250}]).encode(), "a.json", "không phải số điểm từ 0 đến 100"),
        (json.dumps([{**RANKED[0], "TONG_SCORE": "NaN"}]).encode(), "a.json", "không phải số điểm từ 0 đến 100"),
        (json.dumps([{**RANKED[0], "ROW_STT": 0}]).encode(), "a.json", "không phải thứ hạng"),
        (json.dumps([RANKED[0], RANKED[0]]).encode(), "a.json", "Mã đơn vị lặp lại: 000.00.12.H19"),
        (json.dumps([]).encode(), "a.json", "không có dòng điểm nào"),
        (json.dumps({"unknown-tree": []}).encode(), "a.json", "Không nhận ra cấu trúc tệp"),
        (json.dumps({"transparency": [], "bogus-tree": []}).encode(), "a.json", "Nhóm chỉ số không rõ: bogus-tree"),
        (b"PK\x03\x04 not really", "a.xlsx", "Không đọc được tệp Excel"),
        (b"a,b", "a.csv", "Chỉ nhận tệp .xlsx hoặc .json"),
    ],
)
def test_what_cannot_be_read_is_refused_in_vietnamese_with_where_and_why(content, filename, said):
    with pytest.raises(OfficialScoresError, match=re.escape(said)):
        official_scores_read(source=content, filename=filename)


def test_an_xlsx_without_its_column_names_is_refused():
    with pytest.raises(OfficialScoresError, match="Dòng đầu của trang tính phải là tên cột"):
        official_scores_read(source=_xlsx([{"A": 1, "B": 2}]), filename="a.xlsx")


def test_nothing_unbounded_is_attempted():
    with pytest.raises(OfficialScoresError, match="quá nhiều đơn vị"):
        official_scores_read(source=json.dumps([RANKED[0]] * 5001).encode(), filename="a.json")
    deep: dict = {"departmentCode": "X", "score": 1}
    for _ in range(20):
        deep = {"children": [deep]}
    with pytest.raises(OfficialScoresError, match="lồng quá sâu"):
        official_scores_read(source=json.dumps({"transparency": deep}).encode(), filename="a.json")
    with pytest.raises(OfficialScoresError, match="Tệp quá lớn"):
        official_scores_read(source=b" " * (20 * 1024 * 1024 + 1), filename="a.json")
