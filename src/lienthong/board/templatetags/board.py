from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def get(mapping, key):
    """`mapping|get:key` — a dict's value in a template."""
    return mapping.get(key, []) if mapping else []


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


@register.filter
def span(value) -> str:
    """A duration as days, hours and minutes ("1 ngày 6 giờ"); "—" for none."""
    return duration_text(value)


def duration_text(value) -> str:
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [_("%(n)s ngày") % {"n": days}] if days else []
    parts += [_("%(n)s giờ") % {"n": hours}] if hours else []
    parts += [_("%(n)s phút") % {"n": minutes}] if minutes or not parts else []
    return " ".join(parts)
