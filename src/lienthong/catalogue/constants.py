"""Vocabulary of the catalogue app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lienthong.core.calendar import TimeUnit as ClockUnit


class TimeUnit(models.TextChoices):
    """Unit of a legal time limit (DonViTinh in the national data); the values are the clock's own units."""

    WORKING_DAYS = ClockUnit.WORKING_DAYS.value, _("Ngày làm việc")
    WORKING_HOURS = ClockUnit.WORKING_HOURS.value, _("Giờ làm việc")
    CALENDAR_DAYS = ClockUnit.CALENDAR_DAYS.value, _("Ngày")
    IMMEDIATE = ClockUnit.IMMEDIATE.value, _("Giải quyết ngay")


class OnlineLevel(models.TextChoices):
    """Decree 42/2022 levels; Decree 224/2026 art. 14 makes "toàn trình" the rule."""

    FULL = "full", _("Dịch vụ công trực tuyến toàn trình")
    PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
    OFFLINE = "offline", _("Không cung cấp trực tuyến")


class StepAction(models.TextChoices):
    """What an officer may do at a step of a process definition."""

    RECEIVE = "receive", _("Tiếp nhận")
    ASSIGN = "assign", _("Phân công")
    PROCESS = "process", _("Thẩm định, xử lý")
    CONSULT = "consult", _("Lấy ý kiến")
    APPROVE = "approve", _("Phê duyệt")
    SIGN = "sign", _("Ký số")
    SEND_BACK = "send_back", _("Trả lại bước trước")
    TRANSFER = "transfer", _("Chuyển liên thông")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung")
    REFUSE = "refuse", _("Từ chối")
    RETURN_RESULT = "return_result", _("Trả kết quả")


class DocumentCopyKind(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    COPY = "copy", _("Bản sao")
    CERTIFIED_COPY = "certified_copy", _("Bản sao chứng thực")
    ORIGINAL_OR_COPY = "original_or_copy", _("Bản chính hoặc bản sao")


class FeeKind(models.TextChoices):
    """Phí (a charge for a service) or lệ phí (a state fee), Law on Fees and Charges 2015; `LoaiPhiLePhi` nationally."""

    FEE = "phi", _("Phí")
    CHARGE = "le_phi", _("Lệ phí")


class FeeDue(models.TextChoices):
    """When the fee is collected: `HinhThucThu` in the national sync (1 at receipt, 2 at a supplement, 4 at result)."""

    AT_RECEIPT = "receipt", _("Khi tiếp nhận hồ sơ")
    AT_SUPPLEMENT = "supplement", _("Khi bổ sung hồ sơ")
    AT_RESULT = "result", _("Khi trả kết quả")
