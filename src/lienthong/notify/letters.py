"""Letters other apps send through notify (issue 15 item 1): complaints' replies to their senders, the board's and
roadmaps' escalations to heads. Each is an *event* with typed placeholders (`LETTER_EVENTS`); its words are a
versioned `MessageTemplate` per event, channel and language, which an administrator edits and which is checked when
it is loaded (saved in the admin, seeded by a migration): a placeholder the event does not have, or one the channel
needs that the template leaves out, is refused then — never at send. The caller passes data (`letter_queue`), checked
against the same types; notify renders it for each channel within the channel's limits (an e-mail subject of one line
≤ 255 characters; an SMS fitted to LIENTHONG_SMS_MAX_SEGMENTS segments with its link whole; Zalo's ≤ 400-character
template and each parameter cut to its kind) and sends it through the one delivery model.

notify names the events and their placeholders here, as data: it imports none of the apps that send them.
"""

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, TemplateSyntaxError
from django.template.base import FilterExpression, Node, Variable, VariableNode
from django.template.defaulttags import ForNode, IfNode, WithNode
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from lienthong.notify import texts
from lienthong.notify.constants import MessageChannel
from lienthong.notify.models import Message, MessageTemplate

# -- the events and their typed placeholders -------------------------------------------------------------------------

# A placeholder's kind: what a caller must pass and how it is written in a letter. A kind that is also a Zalo
# parameter kind (notify.texts.ZNS_PARAM_LIMITS) is cut to that kind's limit when it is a ZNS parameter.
TEXT_MAX = 10_000  # characters of one text value in a letter: bounded work whatever a caller passes
ROWS_MAX = 500  # rows of one list (a letter naming more systems or items than this is not a letter)
KINDS = ("text", "name", "code", "url", "date", "datetime", "int", "bool", "rows")
ZNS_KIND_OF = {"text": "text", "name": "name", "code": "code", "url": "url", "date": "date", "datetime": "date",
               "int": "text", "bool": "text"}  # fmt: skip


@dataclass(frozen=True)
class Placeholder:
    kind: str
    label: str  # what it holds, for the administrator (Vietnamese)
    required: tuple[str, ...] = ()  # the channels whose template must use it
    fields: Mapping[str, "Placeholder"] = field(default_factory=dict)  # a row's placeholders (kind "rows")


@dataclass(frozen=True)
class LetterEvent:
    kind: str
    label: str
    channels: tuple[str, ...]
    placeholders: Mapping[str, Placeholder]


EMAIL, SMS, ZNS = MessageChannel.EMAIL.value, MessageChannel.SMS.value, MessageChannel.ZNS.value
_COMPLAINT = {
    "code": Placeholder("code", "mã phản ánh, kiến nghị", required=(EMAIL, SMS, ZNS)),
    "sender": Placeholder("name", "họ tên người gửi"),
    "title": Placeholder("text", "tiêu đề phản ánh"),
    "agency": Placeholder("text", "cơ quan trả lời"),
    "link": Placeholder("url", "liên kết trang tra cứu phản ánh", required=(SMS, ZNS)),
}
_HEAD = {
    "agency": Placeholder("text", "tên cơ quan, đơn vị", required=(EMAIL,)),
    "head_title": Placeholder("text", "chức danh người đứng đầu"),
    "head_name": Placeholder("name", "họ tên người đứng đầu"),
}
LETTER_EVENTS: dict[str, LetterEvent] = {
    event.kind: event
    for event in (
        LetterEvent("complaint_answered", "Trả lời phản ánh, kiến nghị", (EMAIL, SMS, ZNS), {
            **_COMPLAINT,
            "answer": Placeholder("text", "nội dung trả lời", required=(EMAIL,)),
            "answered_at": Placeholder("datetime", "thời điểm trả lời"),
        }),
        LetterEvent("complaint_refused", "Từ chối tiếp nhận phản ánh, kiến nghị", (EMAIL, SMS, ZNS), {
            **_COMPLAINT,
            "reason": Placeholder("text", "lý do từ chối", required=(EMAIL,)),
        }),
        LetterEvent("board_escalation", "Báo người đứng đầu: hệ thống mất kết nối", (EMAIL,), {
            **_HEAD,
            "systems": Placeholder("rows", "các hệ thống mất kết nối", required=(EMAIL,), fields={
                "name": Placeholder("text", "tên hệ thống"),
                "last_heartbeat": Placeholder("datetime", "tín hiệu hoạt động gần nhất (trống: chưa từng)"),
                "hours": Placeholder("int", "số giờ mất kết nối"),
            }),
        }),
        LetterEvent("roadmap_escalation", "Báo người đứng đầu: nhiệm vụ lộ trình quá hạn", (EMAIL,), {
            **_HEAD,
            "items": Placeholder("rows", "các nhiệm vụ quá hạn", required=(EMAIL,), fields={
                "title": Placeholder("text", "tên nhiệm vụ"),
                "due": Placeholder("date", "hạn hoàn thành"),
                "legal_basis": Placeholder("text", "căn cứ"),
                "second_reminder": Placeholder("bool", "đây là lần nhắc thứ hai"),
                "evidence_note": Placeholder("text", "ghi chú minh chứng"),
            }),
        }),
    )
}  # fmt: skip


def event_of(kind: str) -> LetterEvent | None:
    """The letter's or the applicant notice's event (notify.notices) of a template's kind."""
    from lienthong.notify.notices import NOTICE_EVENTS

    return LETTER_EVENTS.get(kind) or NOTICE_EVENTS.get(kind)


class LetterDataError(ValueError):
    """A caller passed data its letter's event does not describe: a programming error, raised at the call."""


# -- checking a template when it is loaded ---------------------------------------------------------------------------


def _expressions(node: Node) -> Iterable[FilterExpression]:
    """Every filter expression of a node (its own; not its children's)."""
    if isinstance(node, VariableNode):
        yield node.filter_expression
    elif isinstance(node, IfNode):
        for condition, _nodelist in node.conditions_nodelists:
            yield from _condition_expressions(condition)
    elif isinstance(node, ForNode):
        yield node.sequence
    elif isinstance(node, WithNode):
        yield from node.extra_context.values()
    else:  # i18n's blocktranslate, cycle, …: whatever FilterExpressions they hold as attributes
        for value in vars(node).values():
            if isinstance(value, FilterExpression):
                yield value
            elif isinstance(value, dict):
                yield from (fe for fe in value.values() if isinstance(fe, FilterExpression))


def _condition_expressions(condition) -> Iterable[FilterExpression]:
    if condition is None:
        return
    value = getattr(condition, "value", None)
    if isinstance(value, FilterExpression):
        yield value
    for part in (getattr(condition, "first", None), getattr(condition, "second", None)):
        if part is not None:
            yield from _condition_expressions(part)


def _lookups(expression: FilterExpression) -> Iterable[tuple[str, ...]]:
    variables = [expression.var, *(arg for _f, args in expression.filters for is_var, arg in args if is_var)]
    for variable in variables:
        if isinstance(variable, Variable) and variable.lookups:
            yield variable.lookups


def template_names(text: str, placeholders: Mapping[str, Placeholder]) -> tuple[set[str], set[str]]:
    """(the event's placeholders a template uses, the names it uses that the event does not have). A loop's variable
    over a list placeholder may use that list's fields; `forloop` and the loop's own names are the template's."""
    from lienthong.notify.services import email_template_compile

    used, unknown = set(), set()

    def walk(nodelist, scope: dict[str, Placeholder]) -> None:
        for node in nodelist:
            for expression in _expressions(node):
                for lookups in _lookups(expression):
                    check(lookups, scope)
            inner = dict(scope)
            if isinstance(node, ForNode):
                sequence = node.sequence.var
                rows = None
                head = scope.get(sequence.lookups[0]) if isinstance(sequence, Variable) and sequence.lookups else None
                if head is not None and len(sequence.lookups) == 1:
                    rows = head
                for name in node.loopvars:
                    # over a notice's event payload (payload.items): the rows are whatever the event carries
                    free = head is not None and head.kind in ("any", "local")
                    inner[name] = Placeholder("local" if free else "row", "", fields=rows.fields if rows else {})
                inner["forloop"] = Placeholder("forloop", "")
            if isinstance(node, WithNode):
                for name in node.extra_context:
                    inner[name] = Placeholder("local", "")
            for attribute in node.child_nodelists:
                child = getattr(node, attribute, None)
                if child:
                    walk(child, inner)
            if isinstance(node, IfNode):
                for _condition, nodelist in node.conditions_nodelists:
                    walk(nodelist, inner)

    def check(lookups: tuple[str, ...], scope: dict[str, Placeholder]) -> None:
        head = scope.get(lookups[0])
        if head is None:
            unknown.add(lookups[0])
            return
        if head.kind in ("forloop", "local"):
            return
        if head.kind == "any":  # a notice's event payload: whatever the event carries
            used.add(lookups[0])
            return
        if head.kind in ("row", "rows"):
            rest = [part for part in lookups[1:] if not part.isdigit()]  # systems.0.name: the first row's name
            if rest and rest[0] not in head.fields and rest[0] != "count":
                unknown.add(".".join(lookups[:2]))
        if head.kind != "row":
            used.add(lookups[0])

    walk(email_template_compile(text).nodelist, dict(placeholders))
    return used, unknown


def template_check(*, kind: str, channel: str, body: str, subject: str = "", params: dict | None = None) -> None:
    """Refuse (ValidationError, in Vietnamese) a template its event cannot fill or its channel cannot carry."""
    event = event_of(kind)
    if event is None:
        raise ValidationError(_("Không có sự kiện %(kind)s."), params={"kind": kind})
    if channel not in event.channels:
        raise ValidationError(_("Sự kiện này không gửi qua kênh %(channel)s."), params={"channel": channel})
    errors: dict[str, list] = {}
    used: set[str] = set()
    for name, text in (("body", body), ("subject", subject)):
        try:
            names, unknown = template_names(text or "", event.placeholders)
        except TemplateSyntaxError as exc:
            errors.setdefault(name, []).append(_("Mẫu sai cú pháp: %(error)s") % {"error": exc})
            continue
        used |= names
        if unknown:
            errors.setdefault(name, []).append(
                _("Biến không có trong sự kiện này: %(names)s. Dùng được: %(allowed)s.")
                % {"names": ", ".join(sorted(unknown)), "allowed": ", ".join(event.placeholders)}
            )
    if channel == ZNS:
        params = params or {}
        extra = sorted(set(params) - set(event.placeholders))
        if extra:
            errors.setdefault("params", []).append(
                _("Tham số không có trong sự kiện này: %(names)s.") % {"names": ", ".join(extra)}
            )
        wrong = sorted(name for name, zkind in params.items() if zkind not in texts.ZNS_PARAM_LIMITS)
        if wrong:
            errors.setdefault("params", []).append(
                _("Loại tham số không hợp lệ: %(names)s.") % {"names": ", ".join(wrong)}
            )
        used |= set(params)
        if len(body or "") > texts.ZNS_TEMPLATE_MAX:
            errors.setdefault("body", []).append(_("Mẫu Zalo dài tối đa %(n)s ký tự.") % {"n": texts.ZNS_TEMPLATE_MAX})
    if channel == EMAIL and not (subject or "").strip():
        errors.setdefault("subject", []).append(_("Thư điện tử cần tiêu đề."))
    if channel == SMS and not errors.get("body"):
        bare = _render_text(body, {}, language="vi")
        if texts.sms_length(texts.without_diacritics(bare))[2] > settings.LIENTHONG_SMS_MAX_SEGMENTS:
            errors.setdefault("body", []).append(
                _("Phần chữ cố định của tin SMS dài quá %(n)s tin ghép.") % {"n": settings.LIENTHONG_SMS_MAX_SEGMENTS}
            )
    missing = sorted(name for name, p in event.placeholders.items() if channel in p.required and name not in used)
    if missing:
        errors.setdefault("params" if channel == ZNS else "body", []).append(
            _("Mẫu thiếu biến bắt buộc: %(names)s.") % {"names": ", ".join(missing)}
        )
    if errors:
        raise ValidationError(errors)


# -- the caller's data -----------------------------------------------------------------------------------------------


def letter_values(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The caller's data checked against the event (every placeholder given, nothing else, each of its kind) and
    written as a letter shows it: JSON-safe, kept on the message as what its words were rendered from."""
    event = LETTER_EVENTS.get(kind)
    if event is None:
        raise LetterDataError(f"no letter event {kind!r}")
    return _values(event.placeholders, data, kind)


def _values(placeholders: Mapping[str, Placeholder], data: Mapping[str, Any], where: str) -> dict[str, Any]:
    missing, extra = set(placeholders) - set(data), set(data) - set(placeholders)
    if missing or extra:
        raise LetterDataError(f"{where}: missing {sorted(missing)}, not a placeholder {sorted(extra)}")
    return {name: _value(p, data[name], f"{where}.{name}") for name, p in placeholders.items()}


def _value(placeholder: Placeholder, value: Any, where: str) -> Any:  # noqa: PLR0911
    kind = placeholder.kind
    if kind == "rows":
        if not isinstance(value, list | tuple) or len(value) > ROWS_MAX:
            raise LetterDataError(f"{where}: a list of at most {ROWS_MAX} rows")
        return [_values(placeholder.fields, row, f"{where}[{n}]") for n, row in enumerate(value)]
    if kind == "bool":
        if not isinstance(value, bool):
            raise LetterDataError(f"{where}: a bool")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise LetterDataError(f"{where}: an int")
        return value
    if value is None or value == "":
        return ""
    if kind == "datetime":
        if not isinstance(value, dt.datetime):
            raise LetterDataError(f"{where}: a datetime or None")
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if kind == "date":
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise LetterDataError(f"{where}: a date or None")
        return f"{value:%d/%m/%Y}"
    if not isinstance(value, str):
        raise LetterDataError(f"{where}: a str")
    if kind == "url" and not value.startswith(("https://", "http://")):
        raise LetterDataError(f"{where}: an absolute http(s) URL")
    return value[:TEXT_MAX]


# -- rendering and queueing ------------------------------------------------------------------------------------------


def letter_template(kind: str, channel: str, language: str = "") -> MessageTemplate | None:
    """The active template in `language` (an applicant's), else the site's (LIENTHONG_LANGUAGE), else Vietnamese."""
    language = (language or settings.LANGUAGE_CODE or "vi")[:2]
    templates = MessageTemplate.objects.filter(kind=kind, channel=channel)
    if not templates.exists():  # never seeded (a flushed database): version 1; deactivated versions stay off
        _seed(kind, channel)
    active = templates.filter(is_active=True)
    return active.filter(language=language).first() or active.filter(language="vi").first()


def _seed(kind: str, channel: str) -> None:
    from lienthong.notify.letter_seed import TEMPLATES
    from lienthong.notify.notice_seed import NOTICE_TEMPLATES, footer_revise
    from lienthong.notify.notice_seed_en import NOTICE_TEMPLATES_EN

    for t_kind, t_channel, language, subject, body, params, zns_id in [
        *TEMPLATES,
        *NOTICE_TEMPLATES,
        *NOTICE_TEMPLATES_EN,
    ]:
        if (t_kind, t_channel) == (kind, channel):
            MessageTemplate.objects.get_or_create(
                kind=kind, channel=channel, language=language, version=1,
                defaults={"subject": subject, "body": body, "params": params, "zns_template_id": zns_id},
            )  # fmt: skip
    if channel == EMAIL:
        footer_revise(MessageTemplate, kind=kind)


def _render_text(text: str, values: Mapping[str, Any], *, language: str) -> str:
    from lienthong.notify.services import email_template_compile

    with translation.override(language):
        return email_template_compile(text).render(Context(dict(values), autoescape=False))


def letter_render(template: MessageTemplate, values: Mapping[str, Any]) -> tuple[str, str, dict]:
    """(subject, body, ZNS params) of a template for checked values, fitted to its channel."""
    body = _render_text(template.body, values, language=template.language)
    if template.channel == EMAIL:
        subject = " ".join(_render_text(template.subject, values, language=template.language).split())
        return subject[:255], body.strip() + "\n", {}
    if template.channel == ZNS:
        params = {name: texts.zns_value(values.get(name, ""), zkind) for name, zkind in (template.params or {}).items()}
        return "", " ".join(body.split()), params
    text = " ".join(body.split())
    link = str(values.get("link") or "")
    if link and link in text:
        text, link = text.replace(link, "").strip(), link  # the link goes whole at the end, never cut
    if not settings.LIENTHONG_SMS_UNICODE:
        text = texts.without_diacritics(text)
    return "", texts.sms_fit(text, link, max_segments=settings.LIENTHONG_SMS_MAX_SEGMENTS), {}


def letter_queue(*, key: uuid.UUID, kind: str, data: Mapping[str, Any], emails: Iterable[str] = (),
                 phone: str = "") -> list[Message]:  # fmt: skip
    """Queue the letter of this event in the caller's transaction: one e-mail per address and, for a phone, one
    message by Zalo (else SMS, as the applicant's notices are routed) when the event has templates for them. Keyed by
    `key`, so a letter queued twice is one letter; sent after the caller's commit. Raises LetterDataError for data
    the event does not describe (before anything is written)."""
    from lienthong.notify.delivery import _enqueue, phone_normalise, phone_route
    from lienthong.notify.outbound import email_letter_queue

    values = letter_values(kind, data)
    messages: list[Message] = []
    addresses = [address for address in emails if address]
    template = letter_template(kind, EMAIL) if addresses else None
    if template is not None:
        subject, body, _params = letter_render(template, values)
        messages += email_letter_queue(key=key, kind=kind, to=addresses, subject=subject, body=body,
                                       template=template)  # fmt: skip
    number = phone_normalise(phone)
    if number and any(channel in LETTER_EVENTS[kind].channels for channel in (SMS, ZNS)):
        envelope = {"id": str(key), "kind": kind, "payload": values}
        message = phone_route(recipient=number, dossier=None, envelope=envelope)
        if message is not None:
            transaction.on_commit(lambda m=message.pk: _enqueue(m))
            messages.append(message)
    return messages


def letter_preview(template: MessageTemplate) -> str:
    """The template filled with sample values of each placeholder's kind (the administrator's list shows it)."""
    event = event_of(template.kind)
    if event is None:
        return ""
    sample = {name: _sample(p) for name, p in event.placeholders.items()}
    subject, body, params = letter_render(template, sample)
    if params:
        body = f"{body}\n" + "\n".join(f"{name} = {value}" for name, value in params.items())
    return f"{subject}\n\n{body}".strip() if subject else body


def _sample(placeholder: Placeholder) -> Any:
    samples = {"text": f"[{placeholder.label}]", "name": "Nguyễn Văn A", "code": "PAKN-2026-000123",
               "url": "https://dichvucong.example.vn/…", "date": "25/02/2026", "datetime": "25/02/2026 17:00",
               "int": 26, "bool": False}  # fmt: skip
    if placeholder.kind == "any":
        return {}
    if placeholder.kind == "rows" and not placeholder.fields:
        return [f"[{placeholder.label}]"]
    if placeholder.kind == "rows":
        return [{name: _sample(p) for name, p in placeholder.fields.items()}]
    return samples[placeholder.kind]
