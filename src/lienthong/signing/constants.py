from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.TextChoices):
    """How a document is signed (Decree 30/2020/NĐ-CP, Appendix I; docs/signing.md)."""

    RESULT_AGENCY = "result_agency", _("Kết quả giải quyết (người có thẩm quyền ký, cơ quan ban hành)")
    ATTACHMENT_AGENCY = "attachment_agency", _("Phụ lục, tài liệu kèm theo (cơ quan ký)")
    # The agency's signature over the competent person's on a result (Decree 30/2020 art. 5): what a citizen calls
    # the seal. Seals made before it had a profile of its own were recorded as ATTACHMENT_AGENCY (migration 0005).
    AGENCY_SEAL = "agency_seal", _("Dấu của cơ quan")
    SLIP = "slip", _("Phiếu (Mẫu 01–07)")
    E_COPY = "e_copy", _("Bản sao điện tử chứng thực từ bản chính (số hóa)")


class Backend(models.TextChoices):
    PKCS12 = "pkcs12", _("Tệp PKCS#12 (môi trường phát triển)")
    PKCS11 = "pkcs11", _("Thiết bị ký số PKCS#11 (USB token, HSM)")
    CSC = "csc", _("Ký số từ xa (xác nhận trên điện thoại, giao thức CSC)")


class Status(models.TextChoices):
    """What a verification concludes, in the words the public page shows."""

    VALID = "valid", _("HỢP LỆ")
    MODIFIED = "modified", _("ĐÃ BỊ SỬA")
    UNTRUSTED = "untrusted", _("KHÔNG ĐƯỢC TIN CẬY")
    REVOKED = "revoked", _("CHỨNG THƯ SỐ ĐÃ BỊ THU HỒI")
    UNSIGNED = "unsigned", _("KHÔNG CÓ CHỮ KÝ SỐ")
