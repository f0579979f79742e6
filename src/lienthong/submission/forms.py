"""The online application form: who applies, where and how the result comes back, and the procedure's tờ khai
generated from its JSON Schema. Every input carries the attributes the browser checks (required, type, pattern,
maxlength); the same rules run again here on the server."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lienthong.catalogue.models import ProcedureVersion
from lienthong.catalogue.schema_form import PREFIX, schema_data, schema_fields
from lienthong.dossiers.constants import ApplicantKind, ResultDelivery
from lienthong.dossiers.services import Applicant, applicant_faults

ID_NUMBER = r"[0-9]{12}|[A-Z][0-9]{7}"  # a citizen's 12-digit personal number, or a passport
PHONE = r"(0|\+84)[0-9]{9,10}"


class ApplicantForm(forms.Form):
    applicant_kind = forms.ChoiceField(label=_("Người nộp là"), choices=ApplicantKind.choices,
                                       initial=ApplicantKind.CITIZEN)  # fmt: skip
    applicant_name = forms.CharField(label=_("Họ và tên / tên tổ chức"), max_length=255,
                                     widget=forms.TextInput(attrs={"autocomplete": "name"}))  # fmt: skip
    applicant_id_number = forms.RegexField(
        label=_("Số định danh cá nhân / hộ chiếu"), regex=rf"^(?:{ID_NUMBER})$", max_length=30, required=False,
        help_text=_("12 chữ số trên căn cước; người nước ngoài ghi số hộ chiếu."),
        error_messages={"invalid": _("Số định danh gồm 12 chữ số (hoặc số hộ chiếu).")},
        widget=forms.TextInput(attrs={"pattern": ID_NUMBER, "inputmode": "numeric"}),
    )  # fmt: skip
    applicant_tax_code = forms.CharField(label=_("Mã số thuế (tổ chức)"), max_length=20, required=False)
    applicant_phone = forms.RegexField(
        label=_("Số điện thoại"), regex=rf"^(?:{PHONE})$", max_length=20,
        help_text=_("Dùng để nhận thông báo và tra cứu hồ sơ (4 số cuối)."),
        error_messages={"invalid": _("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.")},
        widget=forms.TextInput(attrs={"pattern": PHONE, "inputmode": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False,
                                       widget=forms.EmailInput(attrs={"autocomplete": "email"}))  # fmt: skip
    applicant_address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=500, required=False,
                                        widget=forms.TextInput(attrs={"autocomplete": "street-address"}))  # fmt: skip
    agency = forms.ModelChoiceField(label=_("Nơi nộp hồ sơ"), queryset=None, empty_label=_("— Chọn nơi nộp —"))
    result_delivery = forms.ChoiceField(label=_("Nhận kết quả"), choices=ResultDelivery.choices,
                                        initial=ResultDelivery.ELECTRONIC)  # fmt: skip

    def clean(self):
        data = super().clean()
        for field, message in applicant_faults(data).items():
            self.add_error(field, message)
        return data

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(name=data["applicant_name"].strip(), kind=data["applicant_kind"],
                         id_number=data["applicant_id_number"], tax_code=data["applicant_tax_code"],
                         phone=data["applicant_phone"], email=data["applicant_email"].lower(),
                         address=data["applicant_address"])  # fmt: skip

    def form_data(self) -> dict:
        return schema_data(self.cleaned_data)

    @property
    def applicant_fields(self):
        return [self[name] for name in self.fields if not name.startswith(PREFIX) and name != "agency"]

    @property
    def schema_fields(self):
        return [self[name] for name in self.fields if name.startswith(PREFIX)]


def application_form_class(version: ProcedureVersion) -> type[ApplicantForm]:
    return type("ApplicationForm", (ApplicantForm,), schema_fields(version.form_schema or {}))


def application_form(version: ProcedureVersion, desks, data=None, initial=None) -> ApplicantForm:
    form = application_form_class(version)(data=data, initial=initial, label_suffix="")
    form.fields["agency"].queryset = desks
    return form


def answers_of(form: ApplicantForm, post) -> dict[str, str]:
    """What was typed into the form's fields, as typed, for the draft (unchecked boxes are absent)."""
    return {name: post.get(name) for name in form.fields if post.get(name) not in (None, "")}
