"""The dossier event log (hash-chained per dossier), the outbox that carries events to subscribers, and the
periodic digests that make a deleted trail detectable."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models.dossier import Dossier


class DossierEvent(models.Model):
    """Who did what to a dossier and when; `hash` chains it to the dossier's previous event.

    Append-only: written by `record_event` in the transaction of the change it records, never updated.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # stable id for receivers
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(_("sự kiện"), max_length=40, choices=EventKind.choices)
    at = models.DateTimeField(_("lúc"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=255, blank=True)
    status_before = models.CharField(max_length=30, choices=Status.choices, blank=True)
    status_after = models.CharField(max_length=30, choices=Status.choices)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("nhật ký hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "nhật ký hồ sơ")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="one_event_per_dossier_seq")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.kind}"


class OutboxMessage(models.Model):
    """One event for one subscriber, written with the event and delivered after commit by a task."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(DossierEvent, on_delete=models.PROTECT, related_name="outbox")
    topic = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)
    available_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    dead_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["topic", "delivered_at", "dead_at", "available_at"])]
        constraints = [models.UniqueConstraint(fields=["event", "topic"], name="one_message_per_event_topic")]

    def __str__(self) -> str:
        return f"{self.topic} ← {self.event_id}"


class ChainDigest(models.Model):
    """A fold of every event hash recorded up to `covers_until`, chained to the previous digest.

    A dossier's own chain shows an altered or removed event; a digest also shows a dossier whose whole trail
    was deleted, which no per-dossier chain can.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    covers_from = models.DateTimeField(null=True, blank=True)
    covers_until = models.DateTimeField()
    event_count = models.PositiveIntegerField()
    prev_digest = models.CharField(max_length=64, blank=True)
    digest = models.CharField(max_length=64)
    # The key that sealed it (dossiers/audit_seal.py); empty for a digest recorded before keys that could not be
    # sealed when they came (its period did not add up then), which `audit verify` reports.
    key_id = models.CharField(max_length=16, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)  # written outside the database (audit digest --publish)

    class Meta:
        ordering = ["covers_until"]

    def __str__(self) -> str:
        return f"{self.covers_until:%Y-%m-%d %H:%M} {self.digest[:12]}"
