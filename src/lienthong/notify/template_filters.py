"""Filters every notify template has without `{% load %}`: administrators edit these, so keep them few and plain."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def dong(value) -> str:
    """An amount of money as Vietnamese write it: 1250000 → "1.250.000" (Vietnamese group digits with dots)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{amount:,.0f}".replace(",", ".")
