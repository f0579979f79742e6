"""An officer sends a message about a dossier again ("Gửi lại", issue 15 item 7): the citizen says it never came, or
it failed. The resend is a message of its own — its own status, a new provider request (a new tracking_id /
RequestId / Message-ID) — pointing to the first one (`resend_of`). Never two waiting at once: while the message, a
resend of it or the SMS that replaced it is still `created` or `sending`, a resend is refused, and two officers
clicking together are put in line by the first message's row lock."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienthong.notify.constants import LETTER_SUBJECT, NOTICE_SUBJECT, ONE_TIME_CODE, MessageChannel, MessageStatus
from lienthong.notify.models import Message

WAITING = (MessageStatus.CREATED, MessageStatus.SENDING)


class ResendError(Exception):
    NOT_FOUND = "message_not_found"
    WAITING = "message_waiting"
    CHANNEL_CLOSED = "channel_closed"
    OPTED_OUT = "recipient_opted_out"
    EMPTY = "message_empty"
    NOT_SENT = "message_not_sent"

    def __init__(self, code: str, message) -> None:
        super().__init__(str(message))
        self.code, self.message = code, message


def message_resend(*, message_id: int, dossier_id: int, by: str) -> Message:
    """A new message repeating this one (about this dossier), sent after commit; `by` names the officer."""
    from lienthong.notify.delivery import _change, _enqueue, channel_ready, opted_out

    with transaction.atomic():
        asked = Message.objects.filter(pk=message_id, dossier_id=dossier_id).only("resend_of_id").first()
        if asked is None:
            raise ResendError(ResendError.NOT_FOUND, _("Không tìm thấy tin nhắn này của hồ sơ."))
        first = Message.objects.select_for_update().get(pk=asked.resend_of_id or asked.pk)
        if first.status == MessageStatus.NOT_SENT:  # nothing to repeat: it says why it was not sent
            raise ResendError(ResendError.NOT_SENT, _("Tin này không được gửi nên không gửi lại được."))
        family = Q(pk=first.pk) | Q(resend_of=first) | Q(fallback_of=first) | Q(fallback_of__resend_of=first)
        if Message.objects.filter(family, status__in=WAITING).exists():
            raise ResendError(ResendError.WAITING, _("Tin nhắn này đang chờ gửi hoặc chờ báo nhận; chưa gửi lại."))
        if not channel_ready(first.channel):
            raise ResendError(ResendError.CHANNEL_CLOSED, _("Kênh này hiện không gửi được tin nhắn."))
        if first.kind != ONE_TIME_CODE and opted_out(first.channel, first.recipient):
            raise ResendError(ResendError.OPTED_OUT, _("Người nhận đã từ chối nhận thông báo qua kênh này."))
        if not first.body and first.channel != MessageChannel.ZNS:
            raise ResendError(ResendError.EMPTY, _("Tin nhắn này chưa có nội dung để gửi lại."))
        again = Message.objects.create(
            event_uuid=first.event_uuid, kind=first.kind, channel=first.channel, recipient=first.recipient,
            dossier_id=dossier_id, template=first.template, body=first.body, params=_params(first),
            event=first.event, send_after=timezone.now(), resend_of=first,
        )  # fmt: skip
        _change(again, MessageStatus.CREATED, "resend", by)
        transaction.on_commit(lambda pk=again.pk: _enqueue(pk))
    return again


def _params(first: Message) -> dict:
    """The ZNS parameters as they were; an applicant's e-mail goes again as a letter with its first subject."""
    params = dict(first.params or {})
    if first.channel == MessageChannel.EMAIL and LETTER_SUBJECT not in params:
        params[LETTER_SUBJECT] = params.pop(NOTICE_SUBJECT, "") or first.detail or first.kind
    return params
