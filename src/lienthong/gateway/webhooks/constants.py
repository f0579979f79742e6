from django.db import models
from django.utils.translation import gettext_lazy as _

TOPIC = "gateway.webhooks"  # the outbox topic of the fan-out (stored on outbox rows: never rename)
SECRET_PREFIX = "whsec_"  # noqa: S105 — the scheme's prefix, not a secret
SECRET_BYTES = 32
BATCH = 100
# Statuses that mean "the receiver is not ready now": retried. Any other 4xx means it refuses this event: dead.
RETRIED_STATUSES = frozenset({408, 425, 429})
# Payload keys never sent to a receiver: a citizen's identity number or contact stays in the province.
# Notices that are not dossier events, sent only to a subscription that names them (an empty `kinds` means every
# dossier event kind, not these): a message to the applicant changed status (notify; docs/integration.md).
MESSAGE_STATUS = "message_status"
NOTICE_KINDS = (MESSAGE_STATUS,)
PAYLOAD_WITHHELD = frozenset({"id_number", "phone", "email", "applicant", "address"})


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Đang chờ gửi")
    DELIVERED = "delivered", _("Đã gửi")
    DEAD = "dead", _("Gửi không thành (thư chết)")
