"""Vocabulary of the integration gateway: kinds of connected software, scopes, and the actions a system reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SystemKind(models.TextChoices):
    ONE_STOP = "one_stop", _("Phần mềm một cửa điện tử")
    DOCUMENT_MANAGEMENT = "document_management", _("Hệ thống quản lý văn bản")
    SECTOR_DATABASE = "sector_database", _("Cơ sở dữ liệu chuyên ngành")
    PAYMENT = "payment", _("Hệ thống thanh toán")
    NATIONAL_PORTAL = "national_portal", _("Cổng Dịch vụ công quốc gia")


class Scope(models.TextChoices):
    CATALOGUE_READ = "catalogue:read", _("Đọc danh mục thủ tục")
    DOSSIERS_READ = "dossiers:read", _("Đọc hồ sơ của cơ quan")
    DOSSIERS_WRITE = "dossiers:write", _("Tạo và cập nhật hồ sơ của cơ quan")
    EVENTS_SUBSCRIBE = "events:subscribe", _("Đăng ký nhận sự kiện")
    BOARD_READ = "board:read", _("Đọc bảng theo dõi kết nối (chỉ hệ thống cấp tỉnh)")


class CredentialEventKind(models.TextChoices):
    CREATED = "created", _("Tạo khóa")
    ROTATED = "rotated", _("Xoay vòng khóa")
    REVOKED = "revoked", _("Thu hồi khóa")


class IdempotencyState(models.TextChoices):
    IN_FLIGHT = "in_flight", _("Đang xử lý")
    DONE = "done", _("Đã xong")


class ReportAction(models.TextChoices):
    """What a unit's software reports about a dossier; each maps onto one lifecycle service (gateway/services)."""

    RECEIVE = "receive", _("Tiếp nhận hồ sơ đã nộp")
    FORWARD = "forward", _("Chuyển xử lý")
    COMPLETE_STEP = "complete_step", _("Hoàn thành bước xử lý")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung")
    SUPPLEMENT_RECEIVED = "supplement_received", _("Nhận hồ sơ bổ sung")
    RETURN = "return", _("Trả kết quả")
    REFUSE = "refuse", _("Từ chối")
    WITHDRAW = "withdraw", _("Rút hồ sơ")


# Roles the system's service account holds at its agency: enough for every action above at its own desk and steps.
SYSTEM_ROLES = ("receiver", "specialist", "leader")
IDEMPOTENCY_TTL_HOURS = 24
HEARTBEAT_HISTORY = 100  # heartbeats kept per system
FAILED_CALLS_KEPT = 200  # failed calls kept per system for drill-down
