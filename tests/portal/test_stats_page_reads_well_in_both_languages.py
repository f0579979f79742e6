"""/thong-ke/ is public, in Vietnamese by default and English on request, works without JavaScript (a GET form,
no script), stacks into cards on a phone, and falls back to the current month on a month it does not offer."""

import re

import pytest
import time_machine
from django.conf import settings

from tests.portal.stats_given import NOW, STATS, february_fixture, fresh_stats_cache_fixture  # noqa: F401
from tests.portal.track_given import text

pytestmark = pytest.mark.django_db


def test_vietnamese_by_default_without_javascript(client, february):
    with time_machine.travel(NOW, tick=False):
        response = client.get(STATS, {"ky": "2026-02", "cap": "commune"})
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Language"] == "vi"
    page = text(response)
    for expected in ["Thống kê giải quyết hồ sơ", "Tiếp nhận", "Đã giải quyết", "Đúng hạn",
                     "Tỷ lệ đúng hạn", "Đang quá hạn", "Mức độ hài lòng", "Cấp xã", "Cách tính"]:  # fmt: skip
        assert expected in page, expected
    assert "<script" not in html
    assert re.search(r'<form[^>]*method="get"', html)
    assert 'class="stack stats"' in html and 'data-label="Đang quá hạn"' in html  # cards under 40rem (portal.css)


def test_english_when_chosen(client, february):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(NOW, tick=False):
        response = client.get(STATS, {"ky": "2026-02"})
    assert response["Content-Language"] == "en"
    page = text(response)
    for expected in ["Dossier handling statistics", "Received", "Finished", "On time", "On-time rate",
                     "Overdue in progress", "Satisfaction", "66.7%", "3.5/5 (2 ratings)", "Total"]:  # fmt: skip
        assert expected in page, expected


def test_a_month_not_offered_falls_back_to_the_current_one(client, february):
    with time_machine.travel(NOW, tick=False):
        response = client.get(STATS, {"ky": "1999-01", "cap": "galaxy"})
    assert response.status_code == 400
    assert "tháng 03/2026" in text(response)
