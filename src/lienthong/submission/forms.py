"""The online application form: who applies, where and how the result comes back, and the procedure's tờ khai
generated from its JSON Schema. Every input carries the attributes the browser checks (required, type, pattern,
maxlength); the same rules run again here on the server.

What the account already holds (issue 11 item 2) is not asked again: the name, the identity number and address
the citizen keeps in the account (/tai-khoan/thong-tin/), and the contact it proved it owns, are shown and taken from
it; the tờ khai's questions marked `x-applicant` are answered from the applicant part; the desk defaults to the one
of the commune in the applicant's address."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lienthong.accounts.constants import ContactKind
from lienthong.accounts.models import CitizenProfile
from lienthong.catalogue.models import ProcedureVersion
from lienthong.catalogue.schema_form import (
    APPLICANT_FIELDS,
    APPLICANT_KEY,
    PREFIX,
    schema_applicant_data,
    schema_data,
    schema_fields,
)
from lienthong.dossiers.constants import ApplicantKind, ResultDelivery
from lienthong.dossiers.services import Applicant, applicant_faults, form_errors
from lienthong.submission.selectors import desk_for_address

ID_NUMBER = r"[0-9]{12}|[A-Z][0-9]{7}"  # a citizen's 12-digit personal number, or a passport
PHONE = r"(0|\+84)[0-9]{9,10}"
AGENCY = "agency"


def held_by_account(profile: CitizenProfile | None) -> dict[str, str]:
    """The applicant's fields the account holds, by field name: never asked again in an application."""
    if profile is None:
        return {}
    held = {
        "applicant_name": profile.full_name,
        "applicant_id_number": profile.identity_number,
        "applicant_address": profile.address,
        # the contact the account proved it owns; the other one, unproven, is asked (and never stored: it would
        # let its owner be locked out of signing up with it)
        "applicant_email" if profile.contact_kind == ContactKind.EMAIL else "applicant_phone": profile.contact,
    }
    return {name: value for name, value in held.items() if value}


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
    applicant_address = forms.CharField(
        label=_("Địa chỉ liên hệ"), max_length=500, required=False,
        help_text=_("Ghi cả xã, phường: nơi nộp hồ sơ được chọn sẵn theo địa chỉ này."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )  # fmt: skip
    # Chosen in the desk search (portal/_agency_picker.html); when none is chosen, the desk of the address's commune.
    agency = forms.ModelChoiceField(label=_("Nơi nộp hồ sơ"), queryset=None, required=False)
    result_delivery = forms.ChoiceField(label=_("Nhận kết quả"), choices=ResultDelivery.choices,
                                        initial=ResultDelivery.ELECTRONIC)  # fmt: skip

    version: ProcedureVersion  # set by application_form_class

    def __init__(self, *args, profile: CitizenProfile | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.held = held_by_account(profile)
        for name in self.held:
            del self.fields[name]
        self.agency_from_address = None
        schema = self.version.form_schema or {}
        required = set(schema.get("required") or [])
        for name, prop in (schema.get("properties") or {}).items():
            field = APPLICANT_FIELDS.get(prop.get(APPLICANT_KEY))
            if name in required and field in self.fields:  # the tờ khai needs it: so does the applicant part
                self.fields[field].required = True

    def clean(self):
        data = super().clean()
        data.update(self.held)
        by_address = desk_for_address(self.fields[AGENCY].queryset, data.get("applicant_address", ""))
        if not data.get(AGENCY) and not self.errors.get(AGENCY):
            data[AGENCY] = by_address
            if data[AGENCY] is None:
                self.add_error(AGENCY, _("Hãy chọn nơi nộp hồ sơ."))
        self.agency_from_address = data.get(AGENCY) is not None and data.get(AGENCY) == by_address
        for field, message in applicant_faults(data).items():
            self.add_error(field if field in self.fields else None, message)
        if not self.errors:
            self._check_against_the_schema()
        return data

    def _check_against_the_schema(self) -> None:
        """The tờ khai as it will be sent, checked against the schema: a question answered from the applicant part
        points at that field, so the citizen knows what to correct."""
        properties = (self.version.form_schema or {}).get("properties") or {}
        for line in form_errors(version=self.version, form_data=self.form_data()):
            name = line.split(":", 1)[0]
            field = APPLICANT_FIELDS.get(properties.get(name, {}).get(APPLICANT_KEY)) or PREFIX + name
            if field in self.held:  # the account's own value does not fit: corrected in the account
                label = self.base_fields[field].label
                self.add_error(None, _("%(label)s trong tài khoản chưa hợp với tờ khai của thủ tục này; vui lòng sửa "
                                       "trong tài khoản.") % {"label": label})  # fmt: skip
            else:
                self.add_error(field if field in self.fields else None, _("Giá trị chưa đúng định dạng."))

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(name=data["applicant_name"].strip(), kind=data["applicant_kind"],
                         id_number=data["applicant_id_number"], tax_code=data["applicant_tax_code"],
                         phone=data["applicant_phone"], email=data["applicant_email"].lower(),
                         address=data["applicant_address"], language=notice_language())  # fmt: skip

    def form_data(self) -> dict:
        """The tờ khai's answers, with those the applicant part gives (`x-applicant`)."""
        applicant = {name: value for name, value in self.cleaned_data.items() if name.startswith("applicant_")}
        return {**schema_applicant_data(self.version.form_schema or {}, applicant), **schema_data(self.cleaned_data)}

    @property
    def held_rows(self) -> list[tuple[str, str]]:
        """(label, value) of what the account gives, in the form's order."""
        return [(str(self.base_fields[name].label), self.held[name]) for name in self.base_fields if name in self.held]

    @property
    def applicant_fields(self):
        return [self[name] for name in self.fields if not name.startswith(PREFIX) and name != AGENCY]

    @property
    def schema_fields(self):
        return [self[name] for name in self.fields if name.startswith(PREFIX)]

    @property
    def asks_for_the_applicant(self) -> bool:
        """Whether the tờ khai has questions answered from the applicant part (the page says so)."""
        properties = (self.version.form_schema or {}).get("properties") or {}
        return any(prop.get(APPLICANT_KEY) in APPLICANT_FIELDS for prop in properties.values())


def application_form_class(version: ProcedureVersion) -> type[ApplicantForm]:
    fields = schema_fields(version.form_schema or {}, from_applicant=True)
    return type("ApplicationForm", (ApplicantForm,), {**fields, "version": version})


def application_form(version: ProcedureVersion, desks, data=None, initial=None, profile=None) -> ApplicantForm:
    form = application_form_class(version)(data=data, initial=initial, label_suffix="", profile=profile)
    form.fields[AGENCY].queryset = desks
    return form


def answers_of(form: ApplicantForm, post) -> dict[str, str]:
    """What was typed into the form's fields, as typed, for the draft (unchecked boxes are absent)."""
    return {name: post.get(name) for name in form.fields if post.get(name) not in (None, "")}


def notice_language() -> str:
    """The language the applicant used the portal in: their notices come in it (English when they chose English)."""
    return "en" if (get_language() or "vi").startswith("en") else "vi"
