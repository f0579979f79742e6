"""Issue 12 item 6: the board and the monthly compliance report count their units per level × state (connection
state; compliant or not) in a table whose every count links to the list it counts — and that list holds exactly
that many units — with the same counts drawn as a chart beside it (and printed in the report's PDF)."""

import datetime as dt
import io
import re
from html import unescape

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from lienthong.gateway.constants import SystemKind
from lienthong.gateway.models import Heartbeat
from lienthong.gateway.services.credentials import system_create
from lienthong.gateway.services.reports import heartbeat_record
from tests.board.conftest import at

pytestmark = pytest.mark.django_db
BOARD = "/backoffice/ket-noi/"
REPORT = "/backoffice/ket-noi/bao-cao/2026-10/"
COUNT_LINK = re.compile(r'<a href="([^"]+)">(?:<strong>)?(\d+)(?:</strong>)?</a>')
LISTED_UNIT = '<th scope="row" class="key">'


def silent_since(system, minutes: int) -> None:
    when = timezone.now() - dt.timedelta(minutes=minutes)
    Heartbeat.objects.create(system=system, at=when, version="1.0", queue_depth=0)
    system.last_heartbeat_at = when
    system.save(update_fields=["last_heartbeat_at"])


@pytest.fixture
def connections(province):
    """Province level: the centre connected, the department with no system (never). Commune level: the centre's
    system silent for 40 minutes (degraded), the committee's for 2 hours (disconnected)."""
    heartbeat_record(system=system_create(agency=province["centre"], name="Một cửa tỉnh", kind=SystemKind.ONE_STOP),
                     version="1", queue_depth=0)  # fmt: skip
    silent_since(system_create(agency=province["commune_centre"], name="Một cửa Trấn Biên",
                               kind=SystemKind.ONE_STOP), 40)  # fmt: skip
    silent_since(system_create(agency=province["committee"], name="Một cửa UBND phường", kind=SystemKind.ONE_STOP),
                 120)  # fmt: skip


def summary_links(page: str) -> dict[str, int]:
    """The summary table's counts by the link each carries."""
    table = page[page.index('<table class="list level-counts">') : page.index("</table>", page.index("level-counts"))]
    return {unescape(href): int(n) for href, n in COUNT_LINK.findall(table)}


def listed(client, url: str, table_class: str) -> int:
    page = client.get(url).content.decode()
    start = page.index(f'<table class="list {table_class}')
    return page[start : page.index("</table>", start)].count(LISTED_UNIT)


def test_the_board_counts_units_per_level_and_state_and_each_count_lists_as_many(client, officers, connections):
    client.force_login(officers["monitor@centre"])
    page = client.get(BOARD).content.decode()

    links = summary_links(page)
    assert links == {
        f"{BOARD}?level=province": 2, f"{BOARD}?level=commune": 2,  # the heading's links to a level
        f"{BOARD}?level=province&state=never": 1, f"{BOARD}?level=commune&state=never": 0, f"{BOARD}?state=never": 1,
        f"{BOARD}?level=province&state=disconnected": 0, f"{BOARD}?level=commune&state=disconnected": 1,
        f"{BOARD}?state=disconnected": 1,
        f"{BOARD}?level=province&state=degraded": 0, f"{BOARD}?level=commune&state=degraded": 1,
        f"{BOARD}?state=degraded": 1,
        f"{BOARD}?level=province&state=connected": 1, f"{BOARD}?level=commune&state=connected": 0,
        f"{BOARD}?state=connected": 1,
        f"{BOARD}?": 4,
    }  # fmt: skip
    for url, count in links.items():
        assert listed(client, url, "board") == count, url


def test_the_board_draws_the_counts_as_a_chart_beside_the_table(client, officers, connections):
    client.force_login(officers["monitor@centre"])
    page = client.get(BOARD).content.decode()

    figure = page[page.index('<figure class="chart level-chart">') : page.index("</figure>")]
    assert 'role="img"' in figure
    assert "<title" in figure and "Cơ quan, đơn vị theo cấp và trạng thái kết nối</title>" in figure
    # the description says every count, for a screen reader
    assert "Cấp tỉnh: 1 ○ Chưa kết nối, 0 ✕ Mất kết nối, 0 ! Kết nối không ổn định, 1 ✓ Đang kết nối" in figure
    assert "Cấp xã: 0 ○ Chưa kết nối, 1 ✕ Mất kết nối, 1 ! Kết nối không ổn định, 0 ✓ Đang kết nối" in figure


def test_a_filtered_board_says_how_many_of_all_it_shows_and_marks_its_count(client, officers, connections):
    client.force_login(officers["monitor@centre"])
    page = client.get(f"{BOARD}?level=commune").content.decode()
    assert "Đang hiển thị 2 trong 4 cơ quan, đơn vị theo bộ lọc." in page

    page = client.get(f"{BOARD}?level=commune&state=degraded").content.decode()
    table = page[page.index('<table class="list level-counts">') : page.index("</table>", page.index("level-counts"))]
    assert re.findall(r'<a href="([^"]+)" aria-current="true">', table) == [f"{BOARD}?level=commune&amp;state=degraded"]


@pytest.fixture
def october(client, officers, province, head, history):
    """The commune centre disconnected two days of October (out), the province's centre connected all month (in),
    the department and the committee without a system (out)."""
    with time_machine.travel(at("2026-09-01"), tick=False):
        down = system_create(agency=province["commune_centre"], name="Một cửa Trấn Biên", kind=SystemKind.ONE_STOP)
        up = system_create(agency=province["centre"], name="Một cửa tỉnh", kind=SystemKind.ONE_STOP)
    history(down, ("2026-09-01", "connected"), ("2026-10-05", "disconnected"), ("2026-10-07", "connected"))
    history(up, ("2026-09-01", "connected"))
    client.force_login(officers["monitor@centre"])
    with time_machine.travel(at("2026-11-10", "09:00"), tick=False):
        yield


def test_the_report_counts_units_per_level_and_result_and_each_count_lists_as_many(client, october):
    page = client.get(REPORT).content.decode()

    links = summary_links(page)
    assert links == {
        f"{REPORT}?level=province": 2, f"{REPORT}?level=commune": 2,
        f"{REPORT}?level=province&result=non_compliant": 1, f"{REPORT}?level=commune&result=non_compliant": 2,
        f"{REPORT}?result=non_compliant": 3,
        f"{REPORT}?level=province&result=compliant": 1, f"{REPORT}?level=commune&result=compliant": 0,
        f"{REPORT}?result=compliant": 1,
        f"{REPORT}?": 4,
    }  # fmt: skip
    for url, count in links.items():
        assert listed(client, url, "board compliance") == count, url
    assert 'role="img"' in page[page.index('<figure class="chart level-chart">') :]


def test_a_filter_the_report_does_not_know_lists_every_unit(client, october):
    assert listed(client, f"{REPORT}?level=district'--&result=<b>", "board compliance") == 4


def test_the_pdf_prints_the_counts_and_their_chart(client, october):
    reader = PdfReader(io.BytesIO(client.get(f"{REPORT}pdf/").content))
    text = " ".join(reader.pages[0].extract_text().split())

    assert "Cơ quan, đơn vị theo cấp và kết quả" in text
    # the chart's axis and legend are text in the SVG WeasyPrint draws: they are on the page only if the chart is
    assert "Phần trăm số cơ quan, đơn vị của cấp (số ghi trên thanh)" in text
