"""Vocabulary of the read model: which dossier events move a fact, how processing ended, the counters."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lienthong.dossiers.constants import EventKind

FACTS_TOPIC = "reports.facts"  # stored on outbox rows: never rename without migrating them
COMPLAINT_FACTS_TOPIC = "reports.complaint_facts"  # a complaint's events (core.events.record_publish)
RATING_FACTS_TOPIC = "reports.rating_facts"  # a rating (the feedback app's one event)

# Every event: each moves the dossier's status and event sequence, which the fact carries (a forward puts a received
# dossier in processing). The handler costs about ten statements in the worker, after the change has committed.
FACT_KINDS = None


class EndKind(models.TextChoices):
    """What ended processing, chosen as Decision 766 chooses (formula notes 2.1): "Đã xử lý xong" (result ready)
    before "Đã trả kết quả" (returned) before "Dừng xử lý / Từ chối" (stopped, refused) — and a withdrawal."""

    RESULT_READY = EventKind.RESULT_READY.value, _("Đã xử lý xong")
    RETURNED = EventKind.RETURNED.value, _("Đã trả kết quả")
    STOPPED = EventKind.STOPPED.value, _("Dừng xử lý")
    REFUSED = EventKind.REFUSED.value, _("Bị từ chối")
    WITHDRAWN = EventKind.WITHDRAWN.value, _("Công dân rút hồ sơ")


END_ORDER = [EndKind.RESULT_READY, EndKind.RETURNED, EndKind.STOPPED, EndKind.REFUSED, EndKind.WITHDRAWN]

# KenhThucHien (national): 2 = online; 1 = at the counter, 3 = by post.
ONLINE_NATIONAL_CHANNEL = 2

# The key of a daily figure and its counters, in the order of the table's columns.
FIGURE_KEYS = ("day", "agency_id", "unit_id", "procedure_id", "field_id", "level", "channel")
# Counted on the day the dossier was submitted online.
SUBMITTED_COUNTERS = ("submitted",)
# Counted on the day the dossier was received.
RECEIVED_COUNTERS = ("received", "online", "supplement_requested", "fee_bearing", "paid_online", "synced_national")
# Counted on the day processing ended.
FINISHED_COUNTERS = (
    "finished",
    "finished_on_time",
    "finished_late",
    "e_result",
    "digitised",
    "processing_seconds",
    "supplement_seconds",
)
FIGURE_COUNTERS = SUBMITTED_COUNTERS + RECEIVED_COUNTERS + FINISHED_COUNTERS
