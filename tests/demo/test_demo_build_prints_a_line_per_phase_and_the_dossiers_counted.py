"""A newcomer watching the first build sees what it is doing and how far the history has got."""

import io
import re

import pytest

from .conftest import HISTORY, built

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def output(django_db_setup, django_db_blocker):
    out = io.StringIO()
    with built(django_db_blocker, history=HISTORY, stdout=out):
        yield out.getvalue()


def test_each_phase_is_announced_in_order_before_the_summary(output):
    phases = [
        "Đơn vị hành chính cả nước và trước sắp xếp 2025…",
        "Cơ quan, người đứng đầu, tài khoản cán bộ…",
        "Thủ tục hành chính…",
        "Tin tức, phản ánh kiến nghị, hệ thống kết nối…",
        "Chứng thư ký số của lãnh đạo, cán bộ một cửa và con dấu số (môi trường thử nghiệm)…",
        f"Hồ sơ lịch sử: {HISTORY} / {HISTORY}",
        "Đang ghi hồ sơ lịch sử vào cơ sở dữ liệu…",
        "Lịch sử kết nối của các hệ thống…",
        "Số hóa giấy tờ và dùng lại giấy tờ đã số hóa…",
        "Ký số và trả kết quả điện tử…",
        "Đánh giá mức độ hài lòng của người dân…",
        "Tin nhắn đã gửi cho công dân…",
        "Dữ liệu báo cáo…",
        "Dữ kiện hồ sơ: ",
        "Điểm Bộ chỉ số 766 các tháng đã qua…",
        "Thời gian:",
    ]
    positions = [output.find(phase) for phase in phases]
    assert -1 not in positions, output
    assert positions == sorted(positions)


def test_the_read_model_counts_the_history_and_the_applicants_who_came_back(output):
    # the history, and the few dossiers of applicants who came back to reuse a digitised document (demo.digitisation)
    done, total = map(int, re.findall(r"Dữ kiện hồ sơ: (\d+) / (\d+)", output)[-1])
    assert done == total and HISTORY < total <= HISTORY + 4


def test_in_a_log_the_count_is_plain_lines(output):
    assert "\r" not in output
    counted = [line for line in output.splitlines() if line.startswith("Hồ sơ lịch sử:")]
    assert counted[-1] == f"Hồ sơ lịch sử: {HISTORY} / {HISTORY}"
