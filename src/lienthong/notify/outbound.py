"""Letters other apps send through notify's one delivery model (issue 15 item 1): complaints' replies to their
senders, the board's and roadmaps' escalations to heads. The caller renders its own words inside the transaction
that causes the letter and hands them here; notify keeps one `Message` per recipient (the unique key: the letter's
id, the channel, the address — so a letter queued twice is one letter), sends it once that transaction commits,
retries a mail server that refuses or is down with backoff (the same Message-ID each time), and records every
status change as for the applicant's messages.

The apps call `notify.letters.letter_queue` with their data; notify renders the event's template and ends here.
"""

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from lienthong.notify.constants import LETTER_SUBJECT, MessageChannel, MessageStatus
from lienthong.notify.models import Message, MessageTemplate


def email_letter_queue(*, key: uuid.UUID, kind: str, to: Iterable[str], subject: str, body: str,
                       template: MessageTemplate | None = None) -> list[Message]:  # fmt: skip
    """Queue one e-mail letter to each address (lower-cased, each once), sent after the caller's commit; the
    messages queued (those of an earlier call with the same key are returned as they are). Apps call
    `notify.letters.letter_queue` with their data; this is the e-mail step it ends in (`template` the version the
    words were rendered from)."""
    from lienthong.notify.delivery import _change, _enqueue

    recipients = list(dict.fromkeys(address.strip().lower() for address in to if address and address.strip()))
    queued = Message.objects.filter(event_uuid=key, channel=MessageChannel.EMAIL, resend_of=None)
    have = {m.recipient: m for m in queued}
    messages = []
    now = timezone.now()
    for recipient in recipients:
        message = have.get(recipient)
        if message is None:
            message = Message.objects.create(
                event_uuid=key, kind=kind, channel=MessageChannel.EMAIL, recipient=recipient, body=body,
                template=template, params={LETTER_SUBJECT: subject[:255]}, event={"id": str(key), "kind": kind},
                send_after=now,
            )  # fmt: skip
            _change(message, MessageStatus.CREATED, "create")
            transaction.on_commit(lambda pk=message.pk: _enqueue(pk))
        messages.append(message)
    return messages
