"""`{% visit_counters %}`: the public pages' visitor counters, read from the cache with one call and no query — and
that at most once every `visitors.SHOWN_SECONDS` per process and language: in between, the same HTML is shown
again (every public page's footer carries it; reading and formatting it cost ~0.08–0.3 ms a page, bench/track)."""

import time

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lienthong.core.text import number_grouped
from lienthong.news import visitors
from lienthong.news.services import visits_flush_if_due

register = template.Library()


@register.simple_tag
def visit_counters() -> str:
    """The counters, read at most every SHOWN_SECONDS per process and language; each read also flushes when one is
    due (at most every FLUSH_SECONDS per cache: news/visitors.py), so with the per-process memory cache every web
    process moves its own counts to the database and shows the totals, not only those whose news pages are read."""
    language, now = get_language(), time.monotonic()
    shown = visitors.SHOWN.get(language)
    if shown is not None and now < shown[0]:
        return shown[1]
    visits_flush_if_due()
    html = _counters_html(visitors.visits_now())
    visitors.SHOWN[language] = (now + visitors.SHOWN_SECONDS, html)
    return html


def _counters_html(counters: visitors.Counters | None) -> str:
    if counters is None:
        return ""
    # The page is being read by someone: the reader is online and has visited today, though a view is counted only
    # after it is answered (news/middleware.py) and the first reader of a day would otherwise see zeros.
    online, today = max(counters.online, 1), max(counters.today, 1)
    month = max(counters.month, today)
    items = [
        (_("Đang truy cập"), online),
        (_("Hôm nay"), today),
        (_("Tháng này"), month),
        (_("Tổng lượt truy cập"), max(counters.total, month)),
    ]
    return format_html(
        '<p class="visits" aria-label="{}">{}</p>',
        _("Thống kê truy cập"),
        format_html_join(" · ", "{}: <strong>{}</strong>", ((label, number_grouped(n)) for label, n in items)),
    )
