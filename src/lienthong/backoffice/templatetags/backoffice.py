"""Small helpers for the back-office templates: urgency of a deadline, readable event notes, page links."""

from django import template
from django.utils import timezone

from lienthong.dossiers.constants import Status

register = template.Library()

# What an officer reads from an event's payload, in this order (the rest is for machines and the audit).
SAID = ("reason", "note", "question", "answer", "missing", "documents_added", "legal_basis", "delivery")


@register.filter
def urgency(due, now) -> str:
    """ "late", "today" (due before midnight, local time) or "" — for the badges; "none" when there is no due yet."""
    if due is None:
        return "none"
    if due < now:
        return "late"
    return "today" if timezone.localtime(due).date() == timezone.localtime(now).date() else ""


@register.filter
def status_label(value: str) -> str:
    return Status(value).label if value in Status.values else ""


@register.filter
def event_text(payload: dict) -> str:
    parts = []
    for key in SAID:
        value = (payload or {}).get(key)
        if isinstance(value, list):
            value = "; ".join(map(str, value))
        if value:
            parts.append(str(value))
    return " — ".join(parts)


@register.filter
def form_items(data: dict, schema: dict) -> list[tuple[str, str]]:
    """The tờ khai's answers labelled with the schema's titles."""
    properties = (schema or {}).get("properties") or {}
    return [((properties.get(key) or {}).get("title") or key, value) for key, value in (data or {}).items()]


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with `changes` applied (page links keep the inbox and its filter)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()
