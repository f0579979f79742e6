from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    CONNECT_SYSTEM = "connect_system", _("Kết nối hệ thống")
    FULLY_ONLINE = "fully_online", _("Thủ tục trực tuyến toàn trình")
    E_RECEIPTS = "e_receipts", _("Phát hành biên lai điện tử")
    SIGNING_CERTIFICATES = "signing_certificates", _("Lãnh đạo có chứng thư số ký số")
    DIGITISE_RESULTS = "digitise_results", _("Số hóa kết quả giải quyết")
    RECONNECT = "reconnect", _("Khôi phục kết nối")
    OTHER = "other", _("Khác")


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Văn bản, báo cáo tải lên")
    CONNECTED = "connected", _("Hệ thống đang kết nối và khớp đối soát (tự động)")
    INDICATOR = "indicator", _("Chỉ số QĐ 766 đạt ngưỡng (tự động)")
    ONLINE_DOSSIERS = "online_dossiers", _("Số hồ sơ trực tuyến đạt ngưỡng (tự động)")


class ItemStatus(models.TextChoices):
    """Worst first, as the board orders its states."""

    RED = "red", _("Quá hạn")
    AMBER = "amber", _("Chậm mốc")
    ON_TRACK = "on_track", _("Đang thực hiện")
    GREEN = "green", _("Đã hoàn thành")


class Source(models.TextChoices):
    PLAN = "plan", _("Kế hoạch của tỉnh")
    UNIT = "unit", _("Đơn vị tự đăng ký")
    AUTOMATIC = "automatic", _("Tự động (mất kết nối)")


SEVERITY = {status: rank for rank, status in enumerate(ItemStatus.values)}
AUTOMATIC_KINDS = (EvidenceKind.CONNECTED, EvidenceKind.INDICATOR, EvidenceKind.ONLINE_DOSSIERS)
# Escalation steps: (key, working days past the due date). Each is sent once per item (ItemEscalation's key).
ESCALATION_STEPS = (("overdue", 0), ("overdue_10", 10))
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
