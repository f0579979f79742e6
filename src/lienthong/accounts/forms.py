"""Parsing the account pages' input; every field carries its autocomplete hint so phones fill it in."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from lienthong.accounts.constants import CODE_DIGITS, ContactKind
from lienthong.accounts.contacts import Contact, email_normalise, phone_normalise

PHONE_INVALID = _("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84).")


def _attrs(autocomplete: str, **more: str) -> dict[str, str]:
    return {"autocomplete": autocomplete, **more}


def contact_parse(raw: str) -> Contact:
    """An email address if it has an @, else a Vietnamese phone number."""
    if "@" in raw:
        email = email_normalise(raw)
        forms.EmailField().clean(email)
        return Contact(ContactKind.EMAIL, email)
    phone = phone_normalise(raw)
    if phone is None:
        raise forms.ValidationError(PHONE_INVALID)
    return Contact(ContactKind.PHONE, phone)


class NewPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs=_attrs("new-password")),
        help_text=_("Ít nhất 8 ký tự, không toàn chữ số, không quá dễ đoán."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput(attrs=_attrs("new-password"))
    )

    def password_user(self):
        """A user carrying what the similarity validator compares the password with."""
        return get_user_model()()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        elif first:
            try:
                password_validation.validate_password(first, self.password_user())
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SignUpForm(NewPasswordMixin):
    field_order = ["full_name", "email", "phone", "identity_number", "password1", "password2"]

    full_name = forms.CharField(label=_("Họ và tên"), max_length=255, widget=forms.TextInput(attrs=_attrs("name")))
    email = forms.CharField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs=_attrs("email", inputmode="email")),
    )
    phone = forms.CharField(
        label=_("Hoặc số điện thoại"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=_attrs("tel", type="tel", inputmode="tel")),
        help_text=_("Mã xác minh được gửi đến thư điện tử hoặc số điện thoại bạn nhập (chỉ một trong hai)."),
    )
    identity_number = forms.CharField(
        label=_("Số định danh cá nhân (không bắt buộc)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs=_attrs("off", inputmode="numeric")),
    )

    def clean_email(self) -> str:
        email = email_normalise(self.cleaned_data["email"])
        if email:
            forms.EmailField().clean(email)
        return email

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        phone = phone_normalise(raw)
        if phone is None:
            raise forms.ValidationError(PHONE_INVALID)
        return phone

    def clean_identity_number(self) -> str:
        number = "".join(self.cleaned_data["identity_number"].split())
        if number and not (number.isdigit() and len(number) == 12):
            raise forms.ValidationError(_("Số định danh cá nhân gồm 12 chữ số."))
        return number

    def password_user(self):
        return get_user_model()(first_name=self.cleaned_data.get("full_name", ""),
                                email=self.cleaned_data.get("email", ""))  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        email, phone = cleaned.get("email"), cleaned.get("phone")
        if "email" in cleaned and "phone" in cleaned:
            if email and phone:
                self.add_error("phone", _("Chỉ nhập một trong hai: thư điện tử hoặc số điện thoại."))
            elif not email and not phone:
                self.add_error("email", _("Nhập thư điện tử hoặc số điện thoại để nhận mã xác minh."))
        return cleaned

    @property
    def contact(self) -> Contact:
        if self.cleaned_data["email"]:
            return Contact(ContactKind.EMAIL, self.cleaned_data["email"])
        return Contact(ContactKind.PHONE, self.cleaned_data["phone"])


class ContactForm(forms.Form):
    contact = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại"),
        max_length=254,
        widget=forms.TextInput(attrs=_attrs("username", autocapitalize="none", spellcheck="false")),
    )

    def clean_contact(self) -> Contact:
        return contact_parse(self.cleaned_data["contact"].strip())


class SignInForm(ContactForm):
    password = forms.CharField(
        label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(attrs=_attrs("current-password"))
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác minh"),
        max_length=CODE_DIGITS + 4,
        widget=forms.TextInput(
            attrs=_attrs("one-time-code", inputmode="numeric", pattern="[0-9 ]*", maxlength=str(CODE_DIGITS + 4))
        ),
        help_text=_("Gồm 6 chữ số, có hiệu lực trong 10 phút."),  # CODE_DIGITS, CODE_LIFETIME
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == CODE_DIGITS):
            raise forms.ValidationError(_("Nhập đúng %(digits)s chữ số.") % {"digits": CODE_DIGITS})
        return code


class ResetForm(CodeForm, NewPasswordMixin):
    field_order = ["code", "password1", "password2"]


class ProfileForm(forms.Form):
    """What online applications take from the account: the citizen corrects it here, once."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=255, widget=forms.TextInput(attrs=_attrs("name")))
    identity_number = forms.RegexField(
        label=_("Số định danh cá nhân"),
        regex=r"^(?:[0-9]{12}|[A-Z][0-9]{7})$",
        max_length=12,
        required=False,
        help_text=_("12 chữ số trên căn cước; người nước ngoài ghi số hộ chiếu."),
        error_messages={"invalid": _("Số định danh gồm 12 chữ số (hoặc số hộ chiếu).")},
        widget=forms.TextInput(attrs=_attrs("off", inputmode="numeric")),
    )
    address = forms.CharField(
        label=_("Địa chỉ nơi cư trú"),
        max_length=500,
        required=False,
        help_text=_("Ghi cả xã, phường: nơi nộp hồ sơ trực tuyến được chọn sẵn theo địa chỉ này."),
        widget=forms.TextInput(attrs=_attrs("street-address")),
    )
