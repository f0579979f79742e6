"""`lienthong reports_snapshot` and `lienthong reports_import_official` print what they did in Vietnamese; what they
refuse — a running period, a period or file that cannot be read, the same file again — is said in Vietnamese on
stderr with exit status 1, never a traceback."""

import datetime as dt
import io
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import ManagementUtility, call_command
from openpyxl import Workbook

from lienthong.reports.models import OfficialImport, OfficialScore, ScoreSnapshot

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DECEMBER_2 = dt.datetime(2026, 12, 2, 8, 0, tzinfo=HCM)
PUBLISHED = [
    {"TEN": "Sở Tư pháp", "ROW_STT": 1, "CKMB": 10, "TDGQ": 12.5, "TTTT": 5, "CLGQ": 0, "MDSH": 3, "MDHL": 16,
     "TONG_SCORE": 46.5, "CAPDONVIID": 1, "MA_COQUAN": "000.00.12.H19"},
    {"TEN": "Sở Ngoại vụ", "ROW_STT": 2, "TONG_SCORE": 40, "CAPDONVIID": 1, "MA_COQUAN": "000.00.77.H19"},
]  # fmt: skip


def run(*args: str) -> str:
    out = io.StringIO()
    with time_machine.travel(DECEMBER_2, tick=False):
        call_command(*args, stdout=out)
    return out.getvalue()


def refused(capsys, *argv: str) -> str:
    """Run as from the shell; the exit status must be 1 and stderr one Vietnamese line without a traceback."""
    with time_machine.travel(DECEMBER_2, tick=False), pytest.raises(SystemExit) as exit_:
        ManagementUtility(["lienthong", *argv]).execute()
    assert exit_.value.code == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and out == ""
    return err


def test_the_snapshot_command_freezes_last_month_then_says_it_is_frozen(november):
    assert run("reports_snapshot") == "Đã chốt điểm kỳ 2026-11 (phiên bản qd766-2026-v1) của 3 đơn vị.\n"
    assert ScoreSnapshot.objects.filter(period_key="2026-11").count() == 3
    assert run("reports_snapshot", "--period", "2026-11", "--version", "qd766-2026-v1") == (
        "Điểm kỳ 2026-11 (phiên bản qd766-2026-v1) đã chốt lúc 02/12/2026 08:00: không thay đổi gì.\n"
    )
    assert run("reports_snapshot", "--period", "2026-q3") == (
        "Đã chốt điểm kỳ 2026-Q3 (phiên bản qd766-2026-v1) của 3 đơn vị.\n"
    )


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--period", "2026-12"], "CommandError: Kỳ 2026-12 chưa kết thúc: chỉ chốt điểm kỳ đã qua.\n"),
        (
            ["--period", "tháng 11"],
            "CommandError: Kỳ “tháng 11” không hợp lệ: ghi 2026-11, 2026-Q3, 2026-H2 hoặc 2026.\n",
        ),
        (
            ["--period", "2026-13"],
            "CommandError: Kỳ “2026-13” không hợp lệ: ghi 2026-11, 2026-Q3, 2026-H2 hoặc 2026.\n",
        ),
        (["--version", "qd766-1999"], "CommandError: Không có phiên bản công thức qd766-1999.\n"),
    ],
)
def test_the_snapshot_command_refuses_in_vietnamese_with_status_1(november, capsys, argv, said):
    assert refused(capsys, "reports_snapshot", *argv) == said


def test_the_import_command_stores_the_file_and_counts_the_matches(november, tmp_path):
    path = tmp_path / "xep-hang-11-2026.json"
    path.write_text(json.dumps(PUBLISHED, ensure_ascii=False), encoding="utf-8")

    out = run("reports_import_official", str(path), "--period", "2026-11")

    assert out == (
        "Đã nhập điểm công bố kỳ 2026-11 của 2 đơn vị từ xep-hang-11-2026.json.\n"
        "Khớp mã với đơn vị của tỉnh: 1; chỉ có trong tệp: 1; chỉ có ở tỉnh: 2.\n"
    )
    assert OfficialImport.objects.get().filename == "xep-hang-11-2026.json"


def test_the_same_file_again_is_refused_with_status_1(november, tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(PUBLISHED), encoding="utf-8")
    run("reports_import_official", str(path), "--period", "2026-11")

    err = refused(capsys, "reports_import_official", str(path), "--period", "2026-11")

    assert (
        err == "CommandError: Tệp này đã được nhập cho kỳ 2026-11 lúc 02/12/2026 08:00 (a.json): không thay đổi gì.\n"
    )


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("a.json", b"{not json", "CommandError: Tệp JSON không đọc được: "),
        ("a.json", json.dumps([{"TEN": "Không mã"}]).encode(), "CommandError: phần tử 1: thiếu mã đơn vị (MA_COQUAN)."),
        ("a.json", json.dumps([{**PUBLISHED[0], "TDGQ": "cao"}]).encode(),
         "CommandError: phần tử 1, cột TDGQ: “cao” không phải số điểm từ 0 đến 100."),
        ("a.xlsx", b"PK\x03\x04 not really", "CommandError: Không đọc được tệp Excel (.xlsx): "),
        ("a.csv", b"a,b", "CommandError: Chỉ nhận tệp .xlsx hoặc .json do Cổng Dịch vụ công quốc gia công bố."),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_in_vietnamese_with_status_1(november, tmp_path, capsys, name, content, said):
    path = tmp_path / name
    path.write_bytes(content)

    err = refused(capsys, "reports_import_official", str(path), "--period", "2026-11")

    assert err.startswith(said) and err.count("\n") == 1, err


def test_a_missing_file_or_a_bad_period_is_refused_with_status_1(november, tmp_path, capsys):
    missing = tmp_path / "khong-co.json"
    err = refused(capsys, "reports_import_official", str(missing), "--period", "2026-11")
    assert err == f"CommandError: Không có tệp {missing}.\n"
    path = tmp_path / "a.json"
    path.write_text(json.dumps(PUBLISHED), encoding="utf-8")
    err = refused(capsys, "reports_import_official", str(path), "--period", "11/2026")
    assert err.startswith("CommandError: Kỳ “11/2026” không hợp lệ")
    err = refused(capsys, "reports_import_official", str(path), "--period", "2026-11", "--version", "qd766-1999")
    assert err == "CommandError: Không có phiên bản công thức qd766-1999.\n"


def test_the_ranked_table_exported_as_xlsx_is_imported_too(november, tmp_path):
    book = Workbook()
    header = list(PUBLISHED[0])
    book.active.append(header)
    for row in PUBLISHED:
        book.active.append([row.get(column) for column in header])
    path = tmp_path / "XepHang.xlsx"
    book.save(path)

    out = run("reports_import_official", str(path), "--period", "2026-11")

    assert out.startswith("Đã nhập điểm công bố kỳ 2026-11 của 2 đơn vị từ XepHang.xlsx.\n")
    score = OfficialScore.objects.get(unit_code="000.00.12.H19")
    assert (score.progress, score.satisfaction, score.total, score.rank, score.level) == (
        Decimal("12.50"), Decimal("16.00"), Decimal("46.50"), 1, "department")  # fmt: skip
    assert OfficialScore.objects.get(unit_code="000.00.77.H19").progress is None  # not published: null, not 0
