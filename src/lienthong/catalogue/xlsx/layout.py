"""The workbook's layout: one sheet per table and, for each column, its fixed Vietnamese title, kind and default.

The titles are the stable key officials see; the writer, the guide sheet and the reader all follow these
definitions, so a column is added or renamed in one place.
"""

import dataclasses
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from lienthong.catalogue.constants import DocumentCopyKind, FeeDue, FeeKind, OnlineLevel, StepAction, TimeUnit
from lienthong.org.constants import AgencyKind, Level, Role

YES, NO = "Có", "Không"
DATE_FORMAT = "DD/MM/YYYY"


@dataclasses.dataclass(frozen=True)
class Column:
    """One column: `kind` is code, text, choice, bool, date, decimal, int or json; `empty` is a blank cell's value."""

    key: str
    title: str
    kind: str
    empty: Any = ""
    width: int = 18
    choices: type[models.TextChoices] | None = None
    required: bool = False
    note: Promise | str = ""
    # A column added after workbooks were in use: a workbook without it still reads, its rows taking `empty`.
    added: bool = False


@dataclasses.dataclass(frozen=True)
class Sheet:
    name: str
    kind: str  # "fields", "versions" or a child kind of a version
    about: Promise
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)


CODE_NOTE = gettext_lazy("Nhập dạng văn bản (ô định dạng Text) để Excel không đổi thành số.")
AGENCY_NOTE = gettext_lazy(
    "Mã định danh cơ quan (QCVN 102:2016), ví dụ 000.00.01.H19. Ghi mã cơ quan HOẶC loại cơ quan, không ghi cả hai."
)
INTERNAL_NOTE = gettext_lazy("Không hiển thị cho công dân: việc cần rà soát, nguồn chưa đối chiếu.")
VERSION_KEY = (
    Column("national_code", "Mã thủ tục", "code", width=14, required=True, note=CODE_NOTE),
    Column("decision", "Quyết định công bố", "code", width=28, required=True),
)

THU_TUC = Sheet(
    "ThuTuc",
    "versions",
    gettext_lazy("Mỗi dòng là một phiên bản thủ tục, xác định bởi Mã thủ tục + Quyết định công bố."),
    (
        *VERSION_KEY,
        Column("decision_date", "Ngày quyết định", "date", None, 14),
        Column("effective_from", "Áp dụng từ ngày", "date", None, 14),
        Column(
            "is_current",
            "Đang áp dụng",
            "bool",
            True,
            12,
            note=gettext_lazy("Mỗi thủ tục chỉ một phiên bản đang áp dụng; các phiên bản khác tự chuyển thành Không."),
        ),
        Column("name", "Tên thủ tục", "text", width=50, required=True),
        Column("field_code", "Mã lĩnh vực", "code", width=14, required=True, note=gettext_lazy("Mã ở trang LinhVuc.")),
        Column(
            "time_limit_value",
            "Thời hạn giải quyết",
            "decimal",
            None,
            12,
            note=gettext_lazy("Số ≥ 0, tối đa 2 chữ số thập phân (ví dụ 0,5). Để trống nếu giải quyết ngay."),
        ),
        Column("time_limit_unit", "Đơn vị thời hạn", "choice", width=16, choices=TimeUnit, required=True),
        Column("time_limit_note", "Ghi chú thời hạn", "text", width=40),
        Column("time_limit_verified", "Thời hạn đã đối chiếu", "bool", False, 12),
        Column("result_type", "Kết quả thực hiện", "text", width=30),
        Column("online_level", "Mức độ trực tuyến", "choice", width=14, choices=OnlineLevel, required=True),
        Column("legal_basis", "Căn cứ pháp lý", "text", width=50),
        Column("submission_methods", "Cách thức thực hiện", "text", width=30),
        Column("applicant_types", "Đối tượng thực hiện", "text", width=30),
        Column(
            "form_schema",
            "Biểu mẫu điện tử (JSON Schema)",
            "json",
            {},
            50,
            note=gettext_lazy('JSON Schema có "type": "object". Để trống nếu không có biểu mẫu điện tử.'),
        ),
        Column("internal_note", "Ghi chú nội bộ", "text", width=36, added=True, note=INTERNAL_NOTE),
    ),
)
LINH_VUC = Sheet(
    "LinhVuc",
    "fields",
    gettext_lazy("Danh mục lĩnh vực."),
    (
        Column("code", "Mã lĩnh vực", "code", width=16, required=True, note=CODE_NOTE),
        Column("name", "Tên lĩnh vực", "text", width=40, required=True),
    ),
)
CHILD_ABOUT = gettext_lazy("Mỗi dòng thuộc phiên bản có cùng Mã thủ tục và Quyết định công bố ở trang ThuTuc.")
CO_QUAN = Sheet(
    "CoQuanThamQuyen",
    "authorities",
    CHILD_ABOUT,
    (
        *VERSION_KEY,
        Column("level", "Cấp thực hiện", "choice", width=14, choices=Level, required=True),
        Column("agency_code", "Mã cơ quan", "code", None, 18, note=AGENCY_NOTE),
        Column("agency_kind", "Loại cơ quan", "choice", width=20, choices=AgencyKind),
    ),
)
THANH_PHAN = Sheet(
    "ThanhPhanHoSo",
    "documents",
    CHILD_ABOUT,
    (
        *VERSION_KEY,
        Column("position", "Thứ tự", "int", None, 8, required=True),
        Column("code", "Mã thành phần", "code", width=14),
        Column("name", "Tên giấy tờ", "text", width=50, required=True),
        Column("copy_kind", "Loại bản", "choice", width=18, choices=DocumentCopyKind, required=True),
        Column("quantity", "Số lượng", "int", None, 10, required=True),
        Column("is_mandatory", "Bắt buộc", "bool", True, 10),
        Column("template_name", "Tên mẫu đơn, tờ khai", "text", width=36),
        Column(
            "is_declaration",
            "Là tờ khai điện tử",
            "bool",
            False,
            12,
            added=True,
            note=gettext_lazy("Có: thành phần này là tờ khai mà công dân điền trực tuyến theo biểu mẫu điện tử."),
        ),
        Column("note", "Ghi chú", "text", width=36),
    ),
)
PHI = Sheet(
    "PhiLePhi",
    "fees",
    CHILD_ABOUT,
    (
        *VERSION_KEY,
        Column("name", "Tên phí, lệ phí", "text", width=36, required=True),
        Column("amount", "Mức thu (đồng)", "int", None, 14, note=gettext_lazy("Số nguyên; để trống nếu chưa rõ.")),
        Column("description", "Mô tả, miễn giảm", "text", width=40),
        Column("verified", "Đã đối chiếu", "bool", False, 12),
        Column("internal_note", "Ghi chú nội bộ", "text", width=36, added=True, note=INTERNAL_NOTE),
        Column("kind", "Loại", "choice", FeeKind.CHARGE.value, 10, choices=FeeKind, added=True),
        Column("code", "Mã phí, lệ phí", "code", "", 16, added=True),
        Column("due", "Thời điểm thu", "choice", FeeDue.AT_RECEIPT.value, 18, choices=FeeDue, added=True),
        Column(
            "exempt_groups",
            "Đối tượng miễn, giảm",
            "text",
            width=36,
            added=True,
            note=gettext_lazy("Mỗi đối tượng một dòng."),
        ),  # fmt: skip
    ),
)
QUY_TRINH = Sheet(
    "QuyTrinh",
    "steps",
    CHILD_ABOUT,
    (
        *VERSION_KEY,
        Column("position", "Thứ tự", "int", None, 8, required=True),
        Column("name", "Tên bước", "text", width=40, required=True),
        Column("level", "Cấp", "choice", width=12, choices=Level, required=True),
        Column("agency_code", "Mã cơ quan", "code", None, 18, note=AGENCY_NOTE),
        Column("agency_kind", "Loại cơ quan", "choice", width=20, choices=AgencyKind),
        Column("role", "Vai trò", "choice", width=14, choices=Role, required=True),
        Column(
            "actions",
            "Thao tác (JSON)",
            "json",
            [],
            36,
            choices=StepAction,
            note=gettext_lazy('Danh sách JSON các mã, ví dụ ["receive", "assign"].'),
        ),
        Column("quota_hours", "Thời gian (giờ làm việc)", "decimal", None, 12, required=True),
        Column(
            "parallel_group", "Nhóm song song", "int", None, 10, note=gettext_lazy("Các bước cùng nhóm chạy song song.")
        ),
    ),
)
SHEETS = (THU_TUC, LINH_VUC, CO_QUAN, THANH_PHAN, PHI, QUY_TRINH)
CHILD_SHEETS = (CO_QUAN, THANH_PHAN, PHI, QUY_TRINH)
GUIDE = "HuongDan"
