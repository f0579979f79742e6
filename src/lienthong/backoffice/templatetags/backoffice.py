"""Small helpers for the back-office templates: urgency of a deadline, readable event notes, page links."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext

from lienthong.backoffice.menu import door_current, doors_open
from lienthong.core.calendar import format_instant
from lienthong.core.text import number_grouped
from lienthong.dossiers.constants import ResultDelivery, Status
from lienthong.dossiers.urgency import deadline_urgency, dossier_urgency, step_urgency

register = template.Library()

# What an officer reads from an event's payload, in this order (the rest is for machines and the audit).
SAID = ("reason", "note", "question", "answer", "missing", "documents_added", "legal_basis", "delivery",
        "document_name")  # fmt: skip


@register.simple_tag(takes_context=True)
def backoffice_menu(context) -> dict:
    """The menu of the signed-in user: the doors they may go through, which one the page is in, and whether the
    search (every officer's) is theirs — read from the request, so error pages get the same menu."""
    request = context.get("request")
    if request is None:
        return {"doors": [], "current": "", "search": False}
    doors = doors_open(request)
    return {
        "doors": doors,
        "current": door_current(doors, request.path),
        "search": any(d.key == "inbox" for d in doors),
    }


@register.filter
def urgency(due, now) -> str:
    """ "late", "today" (due before midnight, local time) or "" — a deadline with no clock that stops (complaints)."""
    return deadline_urgency(due_at=due, now=now)


@register.simple_tag
def dossier_urgency_of(dossier, due, now) -> str:
    """The dossier's badge state (`lienthong.dossiers.urgency`): `due` is the deadline the page shows for it."""
    return dossier_urgency(status=dossier.status, due_at=due, now=now, finished_at=dossier.finished_at)


@register.simple_tag
def step_urgency_of(step, dossier, now) -> str:
    """An active step's badge state: its own deadline, paused while the dossier's clock is stopped."""
    return step_urgency(dossier_status=dossier.status, due_at=step.due_at, now=now)


@register.filter
def money(amount) -> str:
    """ "1.500.000 đồng" (dots group the thousands in Vietnamese; the English catalogue says dong)."""
    if amount is None:
        return ""
    return gettext("%(amount)s đồng") % {"amount": number_grouped(amount)}


@register.filter
def status_label(value: str) -> str:
    return Status(value).label if value in Status.values else ""


@register.filter
def event_text(payload: dict) -> str:
    # an e-receipt issued, cancelled or replaced: its symbols and number (and its replacement's)
    parts = [_receipt_text(receipt, replacing=key == "replacement") for key in ("receipt", "replacement")
             if isinstance(receipt := (payload or {}).get(key), dict)]  # fmt: skip
    for key in SAID:
        value = (payload or {}).get(key)
        if isinstance(value, list):
            value = "; ".join(map(str, value))
        elif key == "delivery" and value in ResultDelivery.values:
            value = ResultDelivery(value).label
        if value:
            parts.append(str(value))
    moved = (payload or {}).get("receipt_moved")  # a fee due at receipt paid after the receipt
    if isinstance(moved, dict) and (said := _receipt_moved_text(moved)):
        parts.append(said)
    return " — ".join(parts)


def _receipt_moved_text(moved: dict) -> str:
    def when(value: str) -> str:
        if not value:
            return ""
        return format_instant(timezone.localtime(dt.datetime.fromisoformat(value)).replace(second=0, microsecond=0))

    due, before = when(moved.get("due_at", "")), when(moved.get("due_at_before", ""))
    if due == before:  # paid the same minute as received: nothing moved that a reader would see
        return ""
    return gettext("tiếp nhận tính từ lúc thanh toán %(received)s; hẹn trả %(due)s (trước: %(before)s)") % {
        "received": when(moved.get("received_at", "")), "due": due, "before": before,
    }  # fmt: skip


def _receipt_text(receipt: dict, *, replacing: bool) -> str:
    values = {"template": receipt.get("template_code", ""), "series": receipt.get("series", ""),
              "number": receipt.get("number", ""), "fee": receipt.get("fee_name", ""),
              "amount": money(receipt.get("amount"))}  # fmt: skip
    if replacing:
        return gettext("thay bằng biên lai %(template)s · %(series)s số %(number)s") % values
    return gettext("Biên lai %(template)s · %(series)s số %(number)s — %(fee)s, %(amount)s") % values


@register.filter
def form_items(data: dict, schema: dict) -> list[tuple[str, str]]:
    """The tờ khai's answers labelled with the schema's titles (keys starting with "_" are markers, not answers)."""
    properties = (schema or {}).get("properties") or {}
    answers = [(key, value) for key, value in (data or {}).items() if not key.startswith("_")]
    return [
        (
            (properties.get(key) or {}).get("title") or key.replace("_", " ").capitalize(),
            _readable(value, properties.get(key) or {}),
        )
        for key, value in answers
    ]


def _readable(value, prop: dict):
    """Dates as dd/mm/yyyy like every other date on the page; booleans as Có/Không."""
    if prop.get("format") == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, bool):
        return gettext("Có") if value else gettext("Không")
    return value


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with `changes` applied (page links keep the inbox and its filter)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()
