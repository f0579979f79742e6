"""`{% visit_counters %}`: the public pages' visitor counters, read from the cache with one call and no query — and
that at most once every `visitors.SHOWN_SECONDS` per process and language: in between, the same HTML is shown
again (every public page's footer carries it; reading and formatting it cost ~0.08–0.3 ms a page, bench/track)."""

import time

from django import template
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lienthong.news import visitors

register = template.Library()


@register.simple_tag
def visit_counters() -> str:
    """Nothing until a flush has left the database's totals in the cache (news/visitors.py)."""
    language, now = get_language(), time.monotonic()
    shown = visitors.SHOWN.get(language)
    if shown is not None and now < shown[0]:
        return shown[1]
    html = _counters_html(visitors.visits_now())
    visitors.SHOWN[language] = (now + visitors.SHOWN_SECONDS, html)
    return html


def _counters_html(counters: visitors.Counters | None) -> str:
    if counters is None:
        return ""
    items = [
        (_("Đang truy cập"), counters.online),
        (_("Hôm nay"), counters.today),
        (_("Tháng này"), counters.month),
        (_("Tổng lượt truy cập"), counters.total),
    ]
    return format_html(
        '<p class="visits" aria-label="{}">{}</p>',
        _("Thống kê truy cập"),
        format_html_join(" · ", "{}: <strong>{}</strong>", ((label, _grouped(n)) for label, n in items)),
    )


def _grouped(number: int) -> str:
    """1.003 in Vietnamese, 1,003 in English (Django groups digits only when USE_THOUSAND_SEPARATOR is on)."""
    return f"{number:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
