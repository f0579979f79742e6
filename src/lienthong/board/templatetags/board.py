from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """`mapping|get:key` — a dict's value in a template."""
    return mapping.get(key, []) if mapping else []


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"
