"""Vocabulary of the dossiers app: internal statuses, channels, events (docs/glossary.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    """Internal statuses; each maps to one of the ten national codes through `StatusMapping` (domain §1.7)."""

    SUBMITTED = "submitted", pgettext_lazy("status", "Mới đăng ký")
    RECEIVED = "received", pgettext_lazy("status", "Đã tiếp nhận")
    PROCESSING = "processing", pgettext_lazy("status", "Đang xử lý")
    SUPPLEMENT_REQUESTED = "supplement_requested", pgettext_lazy("status", "Yêu cầu bổ sung")
    FINANCIAL_OBLIGATION = "financial_obligation", pgettext_lazy("status", "Chờ thực hiện nghĩa vụ tài chính")
    REFUSED = "refused", pgettext_lazy("status", "Từ chối")
    WITHDRAWN = "withdrawn", pgettext_lazy("status", "Công dân rút hồ sơ")
    STOPPED = "stopped", pgettext_lazy("status", "Dừng xử lý")
    RESULT_READY = "result_ready", pgettext_lazy("status", "Đã có kết quả")
    RETURNED = "returned", pgettext_lazy("status", "Đã trả kết quả")


# The national TrangThaiHoSo codes (domain reference §1.7) and the default mapping; the table is editable.
NATIONAL_STATUSES = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}
DEFAULT_NATIONAL_STATUS = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.REFUSED: 3,
    Status.PROCESSING: 4,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.FINANCIAL_OBLIGATION: 6,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    Status.RESULT_READY: 9,
    Status.RETURNED: 10,
}
TERMINAL_STATUSES = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})
# The clock of a dossier (its due date and its steps' quotas) runs only while the agency has the work: waiting for the
# applicant's supplement or payment stops it (Decree 61 art. 19(4); the 766 formula subtracts the time waited), and
# the due dates move back when it resumes. `lienthong.dossiers.urgency` decides every "overdue" shown from these.
CLOCK_RUNNING_STATUSES = frozenset({Status.RECEIVED, Status.PROCESSING})
CLOCK_STOPPED_STATUSES = frozenset({Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION})
# Processing is over (national status 9 or 10): on time or late is decided once, by `finished_at` against `due_at`.
PROCESSING_ENDED_STATUSES = frozenset({Status.RESULT_READY, Status.RETURNED})


class Channel(models.TextChoices):
    """How the dossier arrived (Decree 61 art. 16; KenhThucHien 1 counter, 2 online, 3 post)."""

    COUNTER = "counter", _("Trực tiếp tại Bộ phận Một cửa")
    POST = "post", _("Qua dịch vụ bưu chính công ích")
    OWN_PORTAL = "own_portal", _("Trực tuyến qua cổng của tỉnh")
    NATIONAL_PORTAL = "national_portal", _("Trực tuyến qua Cổng Dịch vụ công quốc gia")
    CONNECTED_SYSTEM = "connected_system", _("Qua hệ thống kết nối")


# Channels through which a dossier is submitted before the desk checks it; it has its code from submission on.
ONLINE_CHANNELS = frozenset({Channel.OWN_PORTAL, Channel.NATIONAL_PORTAL, Channel.CONNECTED_SYSTEM})


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")


class ResultDelivery(models.TextChoices):
    AT_DESK = "at_desk", _("Nhận tại Bộ phận Một cửa")
    BY_POST = "by_post", _("Qua bưu chính")
    ELECTRONIC = "electronic", _("Bản điện tử")


class StepState(models.TextChoices):
    ACTIVE = "active", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    SENT_BACK = "sent_back", _("Trả lại")
    CANCELLED = "cancelled", _("Hủy")


class StepKind(models.TextChoices):
    STEP = "step", _("Bước xử lý")
    CONSULTATION = "consultation", _("Lấy ý kiến")


class SuspensionReason(models.TextChoices):
    SUPPLEMENT = "supplement", _("Chờ bổ sung hồ sơ")
    FINANCIAL_OBLIGATION = "financial_obligation", _("Chờ thực hiện nghĩa vụ tài chính")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("event", "Nộp hồ sơ trực tuyến")
    RECEIVED = "received", pgettext_lazy("event", "Tiếp nhận hồ sơ")
    SUPPLEMENT_REQUESTED = "supplement_requested", pgettext_lazy("event", "Yêu cầu bổ sung hồ sơ")
    # The applicant sent files online for a supplement request; the status stays until the desk records it complete.
    SUPPLEMENT_SUBMITTED = "supplement_submitted", pgettext_lazy("event", "Người nộp gửi hồ sơ bổ sung")
    SUPPLEMENT_RECEIVED = "supplement_received", pgettext_lazy("event", "Nhận hồ sơ bổ sung")
    REFUSED = "refused", pgettext_lazy("event", "Từ chối")
    FORWARDED = "forwarded", pgettext_lazy("event", "Chuyển xử lý")
    ASSIGNED = "assigned", pgettext_lazy("event", "Phân công")
    STEP_COMPLETED = "step_completed", pgettext_lazy("event", "Hoàn thành bước")
    SENT_BACK = "sent_back", pgettext_lazy("event", "Trả lại bước trước")
    TRANSFERRED = "transferred", pgettext_lazy("event", "Chuyển liên thông")
    CONSULTATION_REQUESTED = "consultation_requested", pgettext_lazy("event", "Xin ý kiến")
    CONSULTATION_ANSWERED = "consultation_answered", pgettext_lazy("event", "Trả lời xin ý kiến")
    APPROVED = "approved", pgettext_lazy("event", "Phê duyệt")
    FINANCIAL_OBLIGATION_SET = "financial_obligation_set", pgettext_lazy("event", "Thông báo nghĩa vụ tài chính")
    FINANCIAL_OBLIGATION_MET = "financial_obligation_met", pgettext_lazy("event", "Hoàn thành nghĩa vụ tài chính")
    RESULT_READY = "result_ready", pgettext_lazy("event", "Có kết quả")
    RETURNED = "returned", pgettext_lazy("event", "Trả kết quả")
    WITHDRAWN = "withdrawn", pgettext_lazy("event", "Rút hồ sơ")
    STOPPED = "stopped", pgettext_lazy("event", "Dừng xử lý")
    APOLOGY_ISSUED = "apology_issued", pgettext_lazy("event", "Xin lỗi và hẹn lại ngày trả")
    # Written by `dossier_fee_paid` / `dossier_fee_refunded`, called by the payments app (dossiers never imports it).
    FEE_PAID = "fee_paid", pgettext_lazy("event", "Nộp phí, lệ phí")
    FEE_REFUNDED = "fee_refunded", pgettext_lazy("event", "Hoàn trả phí, lệ phí")
    # Written by `dossier_receipt_changed`, called by the payments app: the e-receipts of the dossier's fees.
    RECEIPT_ISSUED = "receipt_issued", pgettext_lazy("event", "Lập biên lai điện tử")
    RECEIPT_CANCELLED = "receipt_cancelled", pgettext_lazy("event", "Hủy biên lai điện tử")
    RECEIPT_REPLACED = "receipt_replaced", pgettext_lazy("event", "Thay thế biên lai điện tử")
    # A paper document scanned at the desk and certified as an electronic copy of the original (signed by the
    # agency), kept in the applicant's store; a document taken from that store instead of asking for it again.
    DOCUMENT_DIGITISED = "document_digitised", pgettext_lazy("event", "Số hóa giấy tờ")
    DOCUMENT_REUSED = "document_reused", pgettext_lazy("event", "Dùng lại giấy tờ đã số hóa")
