"""Vocabulary of the notify app: which dossier events the applicant is told of, and what became of each email."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lienthong.dossiers.constants import Channel, EventKind

EMAIL_TOPIC = "notify.email"  # stored on outbox rows: never rename without migrating them

# The changes of status an applicant cares about; internal steps (forwarded, assigned, …) are not mailed.
NOTIFIED_KINDS = (
    EventKind.SUBMITTED,  # the confirmation of an online submission on this province's portal (CONFIRMED_CHANNELS)
    EventKind.RECEIVED,
    EventKind.SUPPLEMENT_REQUESTED,
    EventKind.SUPPLEMENT_RECEIVED,
    EventKind.REFUSED,
    EventKind.FINANCIAL_OBLIGATION_SET,
    EventKind.FINANCIAL_OBLIGATION_MET,
    EventKind.RESULT_READY,
    EventKind.RETURNED,
    EventKind.WITHDRAWN,
    EventKind.STOPPED,
    EventKind.APOLOGY_ISSUED,
)
NOTIFIED_KIND_CHOICES = [(kind.value, kind.label) for kind in NOTIFIED_KINDS]
# A submission is confirmed by mail only where it was made here: the national portal and connected systems confirm
# their own submissions to the applicant, who would otherwise get two confirmations.
CONFIRMED_CHANNELS = (Channel.OWN_PORTAL,)


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi, sẽ thử lại")
    SKIPPED = "skipped", _("Không gửi")


# Why an event was not mailed, stored on the delivery for the administrator (data, so not translated later).
SKIPPED_NO_ADDRESS = "Chủ hồ sơ không có địa chỉ thư điện tử."
SKIPPED_NO_TEMPLATE = "Không có mẫu thư đang dùng cho sự kiện này."
SKIPPED_CONFIRMED_ELSEWHERE = "Hồ sơ nộp qua kênh khác; kênh đó đã xác nhận với người nộp."
