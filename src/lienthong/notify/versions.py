"""A new version of a message template (issue 15): the IT officer rewords an event's message on one channel and
language from /backoffice/messages/templates/. The new words are checked as when a template is saved (the event's
placeholders, the channel's limits, the syntax), become the active version — the one every later message is rendered
from — and the older versions stay, inactive, for the messages rendered from them."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from lienthong.notify.constants import MessageChannel
from lienthong.notify.models import MessageTemplate
from lienthong.notify.texts import ZNS_PARAM_LIMITS


def template_family(template: MessageTemplate):
    """Every version of this template's event, channel and language, newest first."""
    return MessageTemplate.objects.filter(
        kind=template.kind, channel=template.channel, language=template.language
    ).order_by("-version")


def template_version_new(*, base: MessageTemplate, subject: str, body: str, params: dict, zns_template_id: str,
                         by: str) -> MessageTemplate:  # fmt: skip
    """The next version of `base`'s family with these words, made the active one; raises ValidationError (in
    Vietnamese, by field) for words the event cannot fill or the channel cannot carry, or when another officer saved
    a version of the same template at the same moment."""
    from lienthong.notify.letters import event_of
    from lienthong.notify.services import email_template_compile

    if not isinstance(params, dict) or any(kind not in ZNS_PARAM_LIMITS for kind in params.values()):
        raise ValidationError({"params": _("Tham số là {\"tên\": \"loại\"}, loại là một trong: %(kinds)s")
                               % {"kinds": ", ".join(ZNS_PARAM_LIMITS)}})  # fmt: skip
    if base.channel == MessageChannel.ZNS and not zns_template_id.strip():
        raise ValidationError({"zns_template_id": _("Mẫu Zalo cần mã mẫu ZNS đã được Zalo duyệt.")})
    new = MessageTemplate(
        kind=base.kind, channel=base.channel, language=base.language, subject=subject.strip(), body=body,
        params=params if base.channel == MessageChannel.ZNS else {}, zns_template_id=zns_template_id.strip()[:40],
        is_active=True, created_by=by[:150],
    )  # fmt: skip
    new.clean_fields()
    if event_of(base.kind) is None:  # a kind no event describes: at least it must compile
        try:
            email_template_compile(body), email_template_compile(subject)
        except TemplateSyntaxError as exc:
            raise ValidationError({"body": _("Mẫu sai cú pháp: %(error)s") % {"error": exc}}) from exc
    new.clean()
    try:
        with transaction.atomic():
            family = list(template_family(base).select_for_update())
            new.version = max((t.version for t in family), default=0) + 1
            template_family(base).filter(is_active=True).update(is_active=False)
            new.save()
    except IntegrityError as exc:  # two officers saving at once: the unique version keeps one, the other retries
        raise ValidationError(_("Một phiên bản khác vừa được lưu; vui lòng tải lại trang và sửa lại.")) from exc
    return new
