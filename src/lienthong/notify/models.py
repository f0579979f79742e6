"""Email to the applicant: the templates an administrator edits, and a record of every delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.models import Dossier
from lienthong.notify.constants import NOTIFIED_KIND_CHOICES, DeliveryStatus

PLACEHOLDERS_HELP = _(
    "Cú pháp mẫu Django, văn bản thường. Dùng được: {{ code }} mã số hồ sơ, {{ applicant }} chủ hồ sơ, "
    "{{ ref }} mã số hoặc, khi chưa có mã, tên thủ tục và ngày nộp, {{ received }} đúng khi hồ sơ đã được tiếp "
    "nhận (hồ sơ nộp trực tuyến có mã từ khi nộp, có ngày hẹn khi tiếp nhận), {{ procedure }} tên thủ tục, "
    "{{ agency }} cơ quan tiếp nhận, {{ due }} ngày hẹn trả (ví dụ 17:00 thứ Tư 25/02/2026), {{ old_due }} "
    "ngày hẹn trước khi đổi, {{ original_due }} ngày hẹn trả ban đầu, {{ status }} trạng thái, {{ delivery }} "
    "hình thức nhận kết quả, {{ delivery_kind }} mã hình thức (electronic, by_post, at_desk), {{ track_url }} "
    "liên kết trang tra cứu hồ sơ (đã điền mã số; mỗi thư đều có, thiếu thì hệ thống thêm), {{ my_dossier_url }} "
    "liên kết Hồ sơ của tôi (hồ sơ nộp từ tài khoản), {{ submitted }} thời điểm nộp, {{ agency_address }} và "
    "{{ agency_phone }} địa chỉ, điện thoại nơi tiếp nhận, {{ office_hours }} giờ làm việc, {{ applicant_address }} "
    "địa chỉ người nộp, {{ fees }} các dòng phí, lệ phí theo thủ tục, "
    "{{ payload.reason }}, {{ payload.missing }}, {{ payload.note }}… dữ liệu của sự kiện; "
    "bộ lọc dong viết số tiền: {{ payload.total|dong }} cho 1.250.000."
)


class EmailTemplate(models.Model):
    """The subject and body mailed to the applicant for one kind of dossier event (DESIGN.md rule 3: data)."""

    kind = models.CharField(_("sự kiện"), max_length=40, choices=NOTIFIED_KIND_CHOICES, unique=True)
    subject = models.CharField(
        _("tiêu đề"), max_length=255, help_text=_("Một dòng; dùng được các biến như ở phần nội dung.")
    )
    body = models.TextField(_("nội dung"), help_text=PLACEHOLDERS_HELP)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mẫu thư điện tử")
        verbose_name_plural = pgettext_lazy("plural", "mẫu thư điện tử")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class EmailDelivery(models.Model):
    """What became of the email for one dossier event; its event's id is unique, so no event is mailed twice."""

    event_uuid = models.UUIDField(_("mã sự kiện"), unique=True, editable=False)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="email_deliveries"
    )
    kind = models.CharField(_("sự kiện"), max_length=40, choices=EventKind.choices)
    to = models.EmailField(_("người nhận"), blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    status = models.CharField(_("kết quả"), max_length=10, choices=DeliveryStatus.choices)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lý do, lỗi gần nhất"), blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thư đã gửi")
        verbose_name_plural = pgettext_lazy("plural", "thư đã gửi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to or '—'} ({self.get_status_display()})"
