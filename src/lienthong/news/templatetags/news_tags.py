"""`{% visit_counters %}`: the public pages' visitor counters, read from the cache with one call and no query."""

from django import template
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from lienthong.news.visitors import visits_now

register = template.Library()


@register.simple_tag
def visit_counters() -> str:
    """Nothing until a flush has left the database's totals in the cache (news/visitors.py)."""
    counters = visits_now()
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
