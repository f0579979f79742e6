"""The questionnaire, versioned: each record keeps the version it was answered in; a new version adds questions
without changing the meaning of the old ones' answers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

QUESTIONNAIRE_VERSION = 1
# (field, heading in the XLSX and the form). Version 1 (the province's 2026 survey).
QUESTIONS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (
        ("adults", _("Số người trưởng thành")),
        ("smartphone_owners", _("Số người có điện thoại thông minh")),
        ("feature_phone_only", _("Số người chỉ dùng điện thoại phổ thông")),
        ("households", _("Số hộ gia đình")),
        ("households_broadband", _("Số hộ có Internet cáp quang")),
        ("vneid_level2", _("Số tài khoản định danh điện tử mức 2 (VNeID)")),
        ("portal_accounts", _("Số tài khoản Cổng Dịch vụ công quốc gia")),
        ("epayment_users", _("Số người dùng thanh toán điện tử")),
        ("poor_without_device", _("Số hộ nghèo, cận nghèo chưa có thiết bị (đủ điều kiện hỗ trợ)")),
        ("team_members", _("Số thành viên Tổ công nghệ số cộng đồng")),
        ("people_helped", _("Số lượt người dân được Tổ hướng dẫn")),
    )
}
FIELDS = tuple(name for name, _label in QUESTIONS[QUESTIONNAIRE_VERSION])
MAX_COUNT = 10_000_000  # more than any commune's population: a typo, not a figure


class Source(models.TextChoices):
    FORM = "form", _("Nhập trên biểu mẫu")
    XLSX = "xlsx", _("Nhập từ tệp Excel")
    VILLAGES = "villages", _("Tổng hợp từ các thôn, tổ dân phố (tệp Excel)")
