"""What the connector remembers: each dossier's sync state with the national portal, and each dossier received
from it (by the portal's own id, so that one delivered twice is created once)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.dossiers.models import Dossier
from lienthong.national.constants import ReceiptState, SyncState


class NationalSync(models.Model):
    """How far the portal is told of one dossier: events up to `target_seq` must reach it, `synced_seq` have."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="national_sync"
    )
    state = models.CharField(_("trạng thái đồng bộ"), max_length=10, choices=SyncState.choices)
    target_seq = models.PositiveIntegerField(_("sự kiện cần đồng bộ đến"), default=0)
    synced_seq = models.PositiveIntegerField(_("sự kiện đã đồng bộ đến"), default=0)
    synced_status = models.CharField(_("trạng thái đã báo"), max_length=30, blank=True)
    synced_national_code = models.PositiveSmallIntegerField(_("mã trạng thái quốc gia đã báo"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("số lần thử không thành"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    # Set while one worker sends this dossier, so that no other sends it at the same time (see services/sync.py).
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    # What the portal refused (a digest of the record and steps, file links aside): the failed dossier is sent again
    # once what we would send differs (services/sync.py, national_sync_failed_retry). Empty after running out of
    # attempts, when it is the portal that must change.
    failed_digest = models.CharField(max_length=64, blank=True, editable=False)
    last_synced_at = models.DateTimeField(_("đồng bộ thành công lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đồng bộ Cổng DVC quốc gia")
        verbose_name_plural = pgettext_lazy("plural", "đồng bộ Cổng DVC quốc gia")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="national_sync_due")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.state} {self.synced_seq}/{self.target_seq}"


class NationalReceipt(models.Model):
    """A dossier submitted on the national portal and pulled into the one-stop lifecycle, once."""

    portal_id = models.CharField(_("mã hồ sơ trên Cổng quốc gia"), max_length=60, unique=True)
    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="national_receipt",
    )  # fmt: skip
    state = models.CharField(_("kết quả"), max_length=10, choices=ReceiptState.choices)
    error = models.TextField(_("lý do không nhận"), blank=True)
    payload = models.JSONField(_("dữ liệu Cổng gửi"), default=dict)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("đã xác nhận với Cổng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ nhận từ Cổng DVC quốc gia")
        verbose_name_plural = pgettext_lazy("plural", "hồ sơ nhận từ Cổng DVC quốc gia")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.portal_id
