"""The printed forms of the one-stop mechanism (Circular 01/2018 art. 9, Circular 03/2025 annex I) and a province's
own wording of them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    """The seven forms, numbered as Circular 03/2025 numbers them."""

    RECEIPT = "01", _("Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    SUPPLEMENT = "02", _("Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    REFUSAL = "03", _("Mẫu 03 – Phiếu từ chối tiếp nhận, giải quyết hồ sơ")
    APOLOGY = "04", _("Mẫu 04 – Văn bản xin lỗi và hẹn lại ngày trả kết quả")
    STOP = "05", _("Mẫu 05 – Thông báo dừng giải quyết hồ sơ")
    CONTROL_SLIP = "06", _("Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ")
    LEDGER = "07", _("Mẫu 07 – Sổ theo dõi hồ sơ")


class DocumentTemplate(models.Model):
    """A province's HTML for one form; it replaces the shipped template while active (deleting it restores that)."""

    kind = models.CharField(_("biểu mẫu"), max_length=2, choices=DocumentKind.choices, unique=True)
    html = models.TextField(
        _("mã HTML"),
        help_text=_(
            "Mẫu Django sinh ra HTML để in (khổ giấy đặt bằng @page trong CSS). Có thể kế thừa mẫu gốc bằng "
            '{% extends "dossiers/documents/base.html" %}. Không tải được tài nguyên qua mạng: ảnh, phông chữ '
            "phải nhúng dạng data:."
        ),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mẫu biểu in")
        verbose_name_plural = pgettext_lazy("plural", "mẫu biểu in")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())
