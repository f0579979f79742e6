"""`{{ instant|instant }}`: an aware datetime as `H:i d/m/Y` in the current time zone — what `|date:"H:i d/m/Y"`
gives, the same in every language — without the `date` filter's per-call format lookups (docs/performance.md,
bench/track: the tracking page shows up to a dozen instants)."""

import datetime as dt

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def instant(value: dt.datetime | None) -> str:
    return value.strftime("%H:%M %d/%m/%Y") if isinstance(value, dt.datetime) else ""
