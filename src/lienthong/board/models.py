"""What the board writes: one row per outage escalated, so that an outage is escalated once."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
