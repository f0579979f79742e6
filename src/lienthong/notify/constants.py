"""Vocabulary of the notify app: which dossier events the applicant is told of, the channels and the statuses."""

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
    EventKind.FEE_PAID,  # a payment confirmed (online or at the desk), with the appointment it may have moved
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


# -- the one delivery model (issue 15): every message to a citizen, on every channel ------------------------------

PHONE_TOPIC = "notify.phone"  # stored on outbox rows: the Zalo/SMS subscriber (never rename without migrating them)
ONE_TIME_CODE = "one_time_code"  # the kind of a one-time code: the only message sent at night
# A letter another app queues through notify.outbound carries its subject in the message's params under this key;
# an e-mail without it is a dossier notice, sent by the EMAIL_TOPIC subscriber and only recorded here.
LETTER_SUBJECT = "subject"
# An applicant notice's e-mail keeps its subject under this key: sent by the EMAIL_TOPIC subscriber (the outbox
# retries it), it is resent as a letter with that subject.
NOTICE_SUBJECT = "notice_subject"


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
    ZNS = "zns", _("Zalo")


class MessageStatus(models.TextChoices):
    """GOV.UK Notify's statuses, the same for every channel (next-capabilities §4.2)."""

    CREATED = "created", _("Đã tạo, chờ gửi")
    SENDING = "sending", _("Đang gửi")
    DELIVERED = "delivered", _("Đã nhận")
    PERMANENT_FAILURE = "permanent-failure", _("Không gửi được")
    TEMPORARY_FAILURE = "temporary-failure", _("Tạm thời không gửi được")
    TECHNICAL_FAILURE = "technical-failure", _("Lỗi kỹ thuật")
    # Ours, not Notify's: the notice was never handed to a provider, and why is its `error_code` (NOT_SENT_REASONS).
    NOT_SENT = "not-sent", _("Không gửi")


FINAL_STATUSES = frozenset(
    {
        MessageStatus.DELIVERED,
        MessageStatus.PERMANENT_FAILURE,
        MessageStatus.TEMPORARY_FAILURE,
        MessageStatus.TECHNICAL_FAILURE,
        MessageStatus.NOT_SENT,
    }
)
# Why a notice was not sent on a channel: the code is the message's `error_code`, the words shown to officers (the
# older EmailDelivery's "skipped" reasons, which migration 0011 maps onto these codes).
NOT_SENT_NO_ADDRESS = "no-address"
NOT_SENT_OPTED_OUT = "opted-out"
NOT_SENT_NO_TEMPLATE = "no-template"
NOT_SENT_CONFIRMED_ELSEWHERE = "confirmed-elsewhere"
NOT_SENT_NO_CHANNEL = "no-channel"
NOT_SENT_REASONS = {
    NOT_SENT_NO_ADDRESS: _("Chủ hồ sơ không có địa chỉ hoặc số điện thoại cho kênh này."),
    NOT_SENT_OPTED_OUT: _("Người nhận đã từ chối nhận thông báo qua kênh này."),
    NOT_SENT_NO_TEMPLATE: _("Không có mẫu tin đang dùng cho sự kiện này trên kênh này."),
    NOT_SENT_CONFIRMED_ELSEWHERE: _("Hồ sơ nộp qua kênh khác; kênh đó đã xác nhận với người nộp."),
    NOT_SENT_NO_CHANNEL: _("Kênh này chưa được thiết lập hoặc đã hết hạn mức trong ngày."),
}
# A message still `sending` after this long is given up (Notify's SENDING_NOTIFICATIONS_TIMEOUT_PERIOD).
SENDING_TIMEOUT_SECONDS = 72 * 3600

# Zalo ZNS error codes (zalo.cloud/zns/guidelines/handle-error-code) and what we do with them.
ZNS_OK = 0
ZNS_UNKNOWN = -100
ZNS_PHONE_INVALID = -108
ZNS_TEMPLATE_INVALID = -109
ZNS_TEMPLATE_DATA_INVALID = -111
ZNS_USER_NOT_ON_ZALO = -118
ZNS_USER_REJECTS = -119
ZNS_OUT_OF_QUOTA = -124
ZNS_TOKEN_INVALID = -216
# Hard errors: this citizen cannot get this message by Zalo, so SMS takes over at once.
ZNS_HARD_ERRORS = frozenset({ZNS_PHONE_INVALID, ZNS_USER_NOT_ON_ZALO, ZNS_USER_REJECTS, ZNS_OUT_OF_QUOTA})

# eSMS-style brandname gateway result codes (developers.esms.vn table of error codes).
SMS_ACCEPTED = "100"  # accepted, NOT delivered: the delivery report comes to the callback
SMS_DUPLICATE_REQUEST = "124"  # this RequestId was accepted before: the earlier send stands
SMS_PERMANENT_ERRORS = frozenset({"99", "104", "108", "146", "177"})  # blocked number, brandname, phone, template
# Delivery-report statuses a gateway posts to the callback (SendStatus): 5 delivered, 6 failed (eSMS's convention).
SMS_REPORT_DELIVERED = 5
SMS_REPORT_FAILED = 6
