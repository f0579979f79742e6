"""Domain errors of the dossier lifecycle: a stable code for the API and a Vietnamese message for people."""

from django.utils.translation import gettext_lazy as _

from lienthong.core.errors import DomainError


class DossierError(DomainError):
    NOT_ALLOWED_IN_STATUS = "not_allowed_in_status"
    SUPPLEMENT_ALREADY_REQUESTED = "supplement_already_requested"
    SUPPLEMENT_PERIOD_OVER = "supplement_period_over"
    SUPPLEMENT_ALREADY_SENT = "supplement_already_sent"
    APOLOGY_ALREADY_GIVEN = "apology_already_given"
    APOLOGY_TOO_LATE = "apology_too_late"
    NEW_DATE_NOT_LATER = "new_date_not_later"
    REASON_REQUIRED = "reason_required"
    INVALID_FORM_DATA = "invalid_form_data"
    MISSING_DOCUMENTS = "missing_documents"
    NOT_PERMITTED = "not_permitted"
    NO_ACTIVE_STEP = "no_active_step"
    NO_NEXT_STEP = "no_next_step"
    NO_PREVIOUS_STEP = "no_previous_step"
    UNKNOWN_AGENCY = "unknown_agency"
    STEPS_OUTSTANDING = "steps_outstanding"
    SUPPLEMENT_ITEMS_REQUIRED = "supplement_items_required"
    INVALID_FINANCIAL_ITEMS = "invalid_financial_items"
    INVALID_DELIVERY = "invalid_delivery"
    RESULT_FILE_MISSING = "result_file_missing"
    RESULT_NOT_SIGNED = "result_not_signed"
    CONTENT_REQUIRED = "content_required"
    INVALID_TARGET = "invalid_target"
    INVALID_DEADLINE = "invalid_deadline"
    FILE_EMPTY = "file_empty"
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE_NOT_ALLOWED = "file_type_not_allowed"
    # Refused once parsed (services/file_content.py): the codes of its `FileRefusedError`.
    FILE_DAMAGED = "file_damaged"
    FILE_ENCRYPTED = "file_encrypted"
    FILE_ACTIVE_CONTENT = "file_active_content"
    FILE_TOO_MANY_PIXELS = "file_too_many_pixels"
    FILE_TOO_COMPLEX = "file_too_complex"

    @classmethod
    def not_allowed(cls, status_label: str, action: str) -> "DossierError":
        return cls(
            cls.NOT_ALLOWED_IN_STATUS,
            _("Không thể %(action)s khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": action, "status": status_label},
        )
