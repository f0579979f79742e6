"""Names of the Decision 766 indicators and groups in the screen's language (`reports.labels`)."""

from django import template

from lienthong.reports import labels

register = template.Library()


@register.filter
def indicator_label(code: str) -> str:
    return labels.indicator_label(code)


@register.filter
def group_label(code: str) -> str:
    return labels.group_label(code)
