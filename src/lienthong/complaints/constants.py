"""Vocabulary of complaints and recommendations (phản ánh, kiến nghị — PAKN; Decree 20/2008/NĐ-CP)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    REFLECTION = "reflection", _("Phản ánh")
    RECOMMENDATION = "recommendation", _("Kiến nghị")


class Status(models.TextChoices):
    """received → accepted or refused; accepted → answered → published. Forwarding keeps the status."""

    RECEIVED = "received", pgettext_lazy("PAKN", "Mới tiếp nhận")
    ACCEPTED = "accepted", pgettext_lazy("PAKN", "Đang xử lý")
    REFUSED = "refused", pgettext_lazy("PAKN", "Từ chối tiếp nhận")
    ANSWERED = "answered", pgettext_lazy("PAKN", "Đã trả lời")
    PUBLISHED = "published", pgettext_lazy("PAKN", "Đã công khai")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("sự kiện PAKN", "Gửi phản ánh, kiến nghị")
    ACCEPTED = "accepted", pgettext_lazy("sự kiện PAKN", "Tiếp nhận xử lý")
    REFUSED = "refused", pgettext_lazy("sự kiện PAKN", "Từ chối tiếp nhận")
    FORWARDED = "forwarded", pgettext_lazy("sự kiện PAKN", "Chuyển cơ quan khác")
    ANSWERED = "answered", pgettext_lazy("sự kiện PAKN", "Trả lời")
    PUBLISHED = "published", pgettext_lazy("sự kiện PAKN", "Công khai kết quả trả lời")


# The name complaints' events are published under (`core.events.record_publish`): never rename without the subscribers.
EVENTS_SOURCE = "complaints"

OPEN = (Status.RECEIVED, Status.ACCEPTED)  # still with an agency: may be forwarded
CLOSED = (Status.REFUSED, Status.PUBLISHED)  # nothing more is due

CODE_PREFIX = "PAKN"
# Random part of the code: no 0/O or 1/I, so a code read aloud or copied by hand survives; 32⁶ ≈ 10⁹ per day.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_RANDOM_LENGTH = 6

NAME_MAX_LENGTH = 150
PHONE_MAX_LENGTH = 20
TITLE_MAX_LENGTH = 200
CONTENT_MAX_LENGTH = 5000
ANSWER_MAX_LENGTH = 10000
REASON_MAX_LENGTH = 2000
PUBLIC_PAGE_SIZE = 10
