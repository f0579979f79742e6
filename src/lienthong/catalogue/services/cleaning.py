"""One value of the data checked and coerced against the model field it will be written to.

Every limit and choice comes from the model field itself (max_length, choices, decimal places, null, blank), so the
import can never accept what the schema would refuse, nor drift from it when a field changes.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from lienthong.catalogue.constants import StepAction
from lienthong.catalogue.validation import check_form_schema


class InvalidValueError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _clean_text(model_field: models.Field, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(_("Phải là chuỗi ký tự."))
    if value == "" and not model_field.blank:
        raise InvalidValueError(_("Thiếu giá trị bắt buộc."))
    if model_field.max_length and len(value) > model_field.max_length:
        raise InvalidValueError(_("Dài quá %(max)d ký tự.") % {"max": model_field.max_length})
    allowed = [str(choice) for choice, _label in model_field.choices or []]
    if allowed and value not in allowed and value != "":
        raise InvalidValueError(
            _("Giá trị “%(value)s” không hợp lệ; chọn một trong: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(allowed)}
        )
    return value


def _clean_bool(model_field: models.Field, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError(_("Phải là giá trị đúng/sai."))
    return value


def _clean_date(model_field: models.Field, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidValueError(_("Ngày không hợp lệ.")) from None


def _clean_decimal(model_field: models.Field, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise InvalidValueError(_("Phải là một số."))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidValueError(_("Phải là một số.")) from None
    if not number.is_finite():
        raise InvalidValueError(_("Phải là một số."))
    if number < 0:
        raise InvalidValueError(_("Không được là số âm."))
    places = model_field.decimal_places
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise InvalidValueError(_("Tối đa %(places)d chữ số thập phân.") % {"places": places})
    if number >= Decimal(10) ** (model_field.max_digits - places):
        raise InvalidValueError(_("Số quá lớn."))
    return number


def _clean_int(model_field: models.Field, value: Any) -> int:
    whole_float = isinstance(value, float) and value.is_integer()
    if whole_float or (isinstance(value, str) and value.strip().lstrip("-").isdigit()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(_("Phải là số nguyên."))
    if value < 0:
        raise InvalidValueError(_("Không được là số âm."))
    maximum = 32767 if isinstance(model_field, models.PositiveSmallIntegerField) else 2**63 - 1
    if value > maximum:
        raise InvalidValueError(_("Số quá lớn."))
    return value


def _clean_json(model_field: models.Field, value: Any) -> Any:
    if model_field.name == "form_schema":
        messages = check_form_schema(value)
        if messages:
            raise InvalidValueError(" ".join(messages))
        return value
    # actions of a step
    if not isinstance(value, list) or not all(isinstance(action, str) for action in value):
        raise InvalidValueError(_("Phải là danh sách mã thao tác."))
    unknown = sorted(set(value) - set(StepAction.values))
    if unknown:
        raise InvalidValueError(
            _("Thao tác không hợp lệ: %(a)s; chọn trong: %(allowed)s.")
            % {"a": ", ".join(unknown), "allowed": ", ".join(StepAction.values)}
        )
    if len(set(value)) != len(value):
        raise InvalidValueError(_("Thao tác bị lặp."))
    return value


_CLEANERS: list[tuple[type[models.Field], Callable[[models.Field, Any], Any]]] = [
    (models.BooleanField, _clean_bool),
    (models.DateField, _clean_date),
    (models.DecimalField, _clean_decimal),
    (models.IntegerField, _clean_int),
    (models.JSONField, _clean_json),
    (models.CharField, _clean_text),
    (models.TextField, _clean_text),
]


def clean_value(model_field: models.Field, value: Any) -> Any:
    """The value to store in `model_field`, or InvalidValueError with a Vietnamese message."""
    is_text = isinstance(model_field, models.CharField | models.TextField)
    if value is None and is_text and model_field.blank:
        return ""
    if value is None or (value == "" and not is_text):
        if model_field.null:
            return None
        if isinstance(model_field, models.JSONField):
            return model_field.get_default()
        raise InvalidValueError(_("Thiếu giá trị bắt buộc."))
    cleaner = next(clean for kind, clean in _CLEANERS if isinstance(model_field, kind))
    return cleaner(model_field, value)
