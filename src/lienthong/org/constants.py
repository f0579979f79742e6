"""Vocabulary of the org app (docs/glossary.md maps each to its Vietnamese legal term)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Administrative level. The district level ended on 1/7/2025 (Law 72/2025/QH15) but history keeps it."""

    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


# Local government has two tiers since 1/7/2025: the filters of today's pages offer these, not the district that
# history (and `Level`) keeps — a "Cấp huyện" choice only ever listed nothing.
CURRENT_LEVELS = (Level.PROVINCE, Level.COMMUNE)


def current_level_choices() -> list[tuple[str, str]]:
    return [(level.value, level.label) for level in CURRENT_LEVELS]


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
    DISTRICT = "huyen", _("Huyện")
    TOWN = "thi_xa", _("Thị xã")
    PROVINCIAL_CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
    URBAN_DISTRICT = "quan", _("Quận")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Sở, ban, ngành cấp tỉnh")
    SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
    SECTOR_AGENCY = "sector_agency", _("Cơ quan ngành dọc")  # social insurance, police, tax, treasury
    COMMUNE_DIVISION = "commune_division", _("Phòng chuyên môn cấp xã")
    OTHER = "other", _("Đơn vị khác")


class Role(models.TextChoices):
    RECEIVER = "receiver", _("Cán bộ Bộ phận Một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo")
    IT_OFFICER = "it_officer", _("Cán bộ công nghệ thông tin")
    # Fees collected: e-receipts cancelled and replaced, the reconciliation's mismatches (docs/payments.md).
    FINANCE = "finance", _("Cán bộ tài chính, kế toán")
    MONITOR = "monitor", _("Cán bộ giám sát, theo dõi")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


# Who a step may be assigned to in the agency doing it (Decree 61 art. 19(1)).
ASSIGNABLE_ROLES = (Role.SPECIALIST, Role.LEADER)
