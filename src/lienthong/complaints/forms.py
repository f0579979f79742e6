"""The sender's form (with a honeypot), the look-up form, and the officers' action forms; parsed here, written
out in the templates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lienthong.complaints.constants import (
    ANSWER_MAX_LENGTH,
    CONTENT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Kind,
)
from lienthong.complaints.lookup import code_is_well_formed, code_normalise
from lienthong.complaints.selectors import agencies_to_choose_from
from lienthong.complaints.services import PHONE_PATTERN, phone_normalise
from lienthong.org.models import Agency

NO_AGENCY = _("Không chọn: gửi cơ quan kiểm soát thủ tục hành chính của tỉnh")
HONEYPOT = "website"  # hidden from people by CSS and aria-hidden; a form-filling robot fills it
NULL_CHARACTER = _("Không được nhập ký tự rỗng (NUL).")  # Django's own message has no Vietnamese translation


def _explain_null_characters(form: forms.Form) -> None:
    for field in form.fields.values():
        field.error_messages["null_characters_not_allowed"] = NULL_CHARACTER


def _required(message) -> dict:
    return {"required": message}


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn phản ánh hoặc kiến nghị."),
                        "invalid_choice": _("Vui lòng chọn phản ánh hoặc kiến nghị.")},
    )  # fmt: skip
    sender_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Vui lòng nhập họ và tên."),
                        "max_length": _("Họ và tên dài tối đa %(limit_value)d ký tự.")},
    )  # fmt: skip
    sender_phone = forms.CharField(label=_("Số điện thoại"), max_length=30, required=False)
    sender_email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    sender_address = forms.CharField(label=_("Địa chỉ (không bắt buộc)"), max_length=255, required=False)
    # Found by name in the agency search (portal/_agency_picker.html), not a select of every agency.
    agency = forms.IntegerField(
        label=_("Cơ quan bị phản ánh, kiến nghị (không bắt buộc)"),
        required=False,
        error_messages={"invalid": _("Cơ quan đã chọn không có trong danh sách.")},
    )
    dossier_code = forms.CharField(label=_("Mã số hồ sơ liên quan (không bắt buộc)"), max_length=60, required=False)
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Vui lòng nhập tiêu đề."),
                        "max_length": _("Tiêu đề dài tối đa %(limit_value)d ký tự.")},
    )  # fmt: skip
    content = forms.CharField(
        label=_("Nội dung"),
        max_length=CONTENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Vui lòng nhập nội dung phản ánh, kiến nghị."),
                        "max_length": _("Nội dung dài tối đa %(limit_value)d ký tự.")},
    )  # fmt: skip
    website = forms.CharField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _explain_null_characters(self)

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean_agency(self) -> int | None:
        agency_id = self.cleaned_data["agency"]
        if agency_id is not None and not agencies_to_choose_from().filter(pk=agency_id).exists():
            raise forms.ValidationError(_("Cơ quan đã chọn không có trong danh sách."))
        return agency_id

    def clean_sender_phone(self) -> str:
        phone = phone_normalise(self.cleaned_data["sender_phone"])
        if phone and not PHONE_PATTERN.fullmatch(phone):
            raise forms.ValidationError(_("Số điện thoại chỉ gồm 8 đến 15 chữ số, ví dụ 0912 345 678."))
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("sender_phone") and not data.get("sender_email") and not self.errors.get("sender_email"):
            self.add_error("sender_phone", _("Vui lòng nhập số điện thoại hoặc thư điện tử để nhận trả lời."))
        return data

    def concerned_agency(self) -> Agency | None:
        agency_id = self.cleaned_data.get("agency")
        return Agency.objects.filter(pk=agency_id, is_active=True).first() if agency_id else None


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã phản ánh, kiến nghị"),
        max_length=40,
        help_text=_("Ghi trên trang xác nhận khi gửi, ví dụ PAKN-260310-K7Q4M9."),
        error_messages=_required(_("Vui lòng nhập mã phản ánh, kiến nghị.")),
    )
    # Never written back into the page: half of what proves who asks.
    digits = forms.CharField(
        label=_("4 số cuối số điện thoại đã khai khi gửi"),
        max_length=10,
        error_messages=_required(_("Nhập đúng 4 chữ số.")),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _explain_null_characters(self)

    def clean_code(self) -> str:
        code = code_normalise(self.cleaned_data["code"])
        if not code_is_well_formed(code):
            raise forms.ValidationError(_("Mã phản ánh, kiến nghị có dạng PAKN-<ngày>-<6 ký tự>."))
        return code

    def clean_digits(self) -> str:
        digits = "".join(self.cleaned_data["digits"].split())
        if not (len(digits) == 4 and digits.isdigit()):
            raise forms.ValidationError(_("Nhập đúng 4 chữ số."))
        return digits


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("Vui lòng ghi lý do từ chối.")),
    )


class ForwardForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"),
        queryset=Agency.objects.none(),
        error_messages={"required": _("Vui lòng chọn cơ quan."), "invalid_choice": _("Vui lòng chọn cơ quan.")},
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=REASON_MAX_LENGTH, required=False)

    def __init__(self, *args, queryset=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["agency"].queryset = queryset


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=_required(_("Vui lòng nhập nội dung trả lời.")),
    )


class PublishForm(forms.Form):
    public_content = forms.CharField(
        label=_("Nội dung phản ánh được công khai"),
        max_length=CONTENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Lược bỏ họ tên, số điện thoại, địa chỉ và thông tin cá nhân khác trước khi công khai."),
    )
