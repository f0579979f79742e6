"""What the board writes: one row per outage escalated, so that an outage is escalated once."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.board.constants import ConnectionState
from lienthong.gateway.models import ConnectedSystem


class Escalation(models.Model):
    """An outage of a system escalated by e-mail. The outage is known by when it began (the last heartbeat, or the
    system's creation if it never connected): a new heartbeat ends it, and the next outage begins at another
    instant, so the unique constraint lets each outage be escalated once."""

    system = models.ForeignKey(ConnectedSystem, on_delete=models.CASCADE, related_name="escalations")
    outage_since = models.DateTimeField(_("mất kết nối từ"))
    sent_at = models.DateTimeField(_("gửi lúc"))
    recipients = models.JSONField(_("người nhận"), default=list)
    head_name = models.CharField(_("người đứng đầu"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("cảnh báo mất kết nối")
        verbose_name_plural = pgettext_lazy("plural", "cảnh báo mất kết nối")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["system", "outage_since"], name="one_escalation_per_outage")]

    def __str__(self) -> str:
        return f"{self.system_id} {self.outage_since:%Y-%m-%d %H:%M}"


class StateChange(models.Model):
    """A system's connection state from `since` until its next change: the history monthly reports are computed
    from. Written by the periodic check (`board.history.state_changes_record`) only when the state differs from the
    system's latest row, so a month costs a handful of rows per system, not one per check."""

    system = models.ForeignKey(ConnectedSystem, on_delete=models.CASCADE, related_name="state_changes")
    state = models.CharField(_("trạng thái"), max_length=12, choices=ConnectionState.choices)
    since = models.DateTimeField(_("từ lúc"))
    recorded_at = models.DateTimeField(_("ghi lúc"))

    class Meta:
        verbose_name = _("thay đổi trạng thái kết nối")
        verbose_name_plural = pgettext_lazy("plural", "thay đổi trạng thái kết nối")
        ordering = ["system", "since", "id"]
        indexes = [models.Index(fields=["system", "since"], name="board_state_change_since")]

    def __str__(self) -> str:
        return f"{self.system_id} {self.state} {self.since:%Y-%m-%d %H:%M}"
