"""The forms of the back office. They parse and check shapes; the services decide what is allowed."""

import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienthong.dossiers.constants import ApplicantKind, Channel, ResultDelivery
from lienthong.dossiers.models import Attachment, StepInstance
from lienthong.dossiers.services import applicant_faults
from lienthong.org.models import Agency

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class StepChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StepInstance) -> str:
        who = f" — {obj.assignee.get_full_name() or obj.assignee.get_username()}" if obj.assignee else ""
        return f"{obj.name} ({obj.agency.short_name or obj.agency.name}){who}"


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


def agencies_to_choose() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).order_by("level", "name")


class StepForm(forms.Form):
    """An action on one of the dossier's active steps; the view narrows `step` to the officer's own."""

    step = StepChoiceField(label=_("Bước xử lý"), queryset=StepInstance.objects.none(), empty_label=None)

    def __init__(self, *args, steps=None, **kwargs):
        super().__init__(*args, **kwargs)
        if steps is not None:
            self.fields["step"].queryset = steps


class NoteStepForm(StepForm):
    note = forms.CharField(label=_("Ý kiến xử lý"), widget=TEXTAREA, required=False)


class ReasonStepForm(StepForm):
    reason = forms.CharField(label=_("Lý do"), widget=TEXTAREA)


class AssignForm(StepForm):
    assignee = forms.ChoiceField(label=_("Giao cho"))

    def __init__(self, *args, assignees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = list(assignees)


class ConsultForm(StepForm):
    agencies = AgencyMultipleChoiceField(label=_("Cơ quan được xin ý kiến"), queryset=Agency.objects.none())
    question = forms.CharField(label=_("Nội dung xin ý kiến"), widget=TEXTAREA)
    working_hours = forms.IntegerField(label=_("Thời hạn trả lời (giờ làm việc)"), min_value=1, max_value=400,
                                       initial=16)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies_to_choose()


class TransferForm(StepForm):
    to_agency = AgencyChoiceField(label=_("Chuyển đến"), queryset=Agency.objects.none())
    reason = forms.CharField(label=_("Lý do"), widget=TEXTAREA)
    working_hours = forms.IntegerField(label=_("Thời hạn xử lý (giờ làm việc)"), min_value=1, max_value=2000,
                                       initial=16)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies_to_choose()


class AnswerForm(forms.Form):
    consultation = StepChoiceField(label=_("Yêu cầu xin ý kiến"), queryset=StepInstance.objects.none(),
                                   empty_label=None)  # fmt: skip
    answer = forms.CharField(label=_("Ý kiến trả lời"), widget=TEXTAREA)

    def __init__(self, *args, steps=None, **kwargs):
        super().__init__(*args, **kwargs)
        if steps is not None:
            self.fields["consultation"].queryset = steps


class EmptyForm(forms.Form):
    pass


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=TEXTAREA)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=TEXTAREA, required=False)


class StopForm(ReasonForm):
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), required=False)


class SupplementRequestForm(forms.Form):
    missing = forms.CharField(label=_("Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)"), widget=TEXTAREA)
    note = forms.CharField(label=_("Hướng dẫn cho người nộp"), widget=TEXTAREA, required=False)

    def clean_missing(self) -> list[str]:
        return lines(self.cleaned_data["missing"])


class SupplementReceivedForm(forms.Form):
    documents_added = forms.CharField(label=_("Giấy tờ đã nhận (mỗi dòng một giấy tờ)"), widget=TEXTAREA,
                                      required=False)  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), widget=TEXTAREA, required=False)

    def clean_documents_added(self) -> list[str]:
        return lines(self.cleaned_data["documents_added"])


class FinancialObligationForm(forms.Form):
    items = forms.CharField(
        label=_("Các khoản phải nộp (mỗi dòng: tên khoản | số tiền đồng)"),
        widget=TEXTAREA,
        help_text=_("Ví dụ: Lệ phí trước bạ | 1500000"),
    )
    note = forms.CharField(label=_("Ghi chú"), widget=TEXTAREA, required=False)

    def clean_items(self) -> list[dict]:
        items = []
        for line in lines(self.cleaned_data["items"]):
            name, _sep, amount = line.rpartition("|")
            digits = amount.replace(".", "").replace(",", "").replace(" ", "")
            if not name.strip() or not digits.isdigit():
                raise forms.ValidationError(
                    _("Dòng “%(line)s” cần có dạng: tên khoản | số tiền."), params={"line": line}
                )
            items.append({"name": name.strip(), "amount": int(digits)})
        return items


class FinancialMetForm(forms.Form):
    receipt_reference = forms.CharField(label=_("Số biên lai, chứng từ"), required=False)


class DeskPaymentForm(forms.Form):
    """A fee demand paid at the desk: the amount taken (checked against the demand by the service), the method and,
    for a card, the POS slip's number."""

    method = forms.ChoiceField(label=_("Hình thức nộp"), choices=[])
    amount = forms.IntegerField(label=_("Số tiền đã thu (đồng)"), min_value=1, max_value=10**12)
    slip_number = forms.CharField(label=_("Số hóa đơn (phiếu) POS, nếu thanh toán bằng thẻ"), max_length=40,
                                  required=False)  # fmt: skip

    def __init__(self, *args, methods=(), total: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = list(methods)
        if total is not None:
            self.fields["amount"].initial = total


class ReturnForm(forms.Form):
    delivery = forms.ChoiceField(label=_("Hình thức trả"), choices=ResultDelivery.choices)
    note = forms.CharField(label=_("Ghi chú"), widget=TEXTAREA, required=False)

    def __init__(self, *args, requested: str = "", electronic: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not electronic:  # no signed result: an electronic return is not offered (the panel says why)
            self.fields["delivery"].choices = [c for c in ResultDelivery.choices if c[0] != ResultDelivery.ELECTRONIC]
            requested = "" if requested == ResultDelivery.ELECTRONIC else requested
        self.fields["delivery"].initial = requested or None  # what the applicant asked for at submission


class ApologyForm(forms.Form):
    reason = forms.CharField(label=_("Lý do chậm trễ"), widget=TEXTAREA)
    new_due_at = forms.DateTimeField(
        label=_("Ngày hẹn trả mới"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )

    def clean_new_due_at(self) -> dt.datetime:
        value = self.cleaned_data["new_due_at"]
        return timezone.make_aware(value) if timezone.is_naive(value) else value


class ReceiveSubmittedForm(forms.Form):
    documents_present = forms.TypedMultipleChoiceField(label=_("Thành phần đã kiểm tra đủ"), coerce=int,
                                                       required=False, widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents_present"].choices = [(doc.pk, doc.name) for doc in documents]


class AttachForm(forms.Form):
    file = forms.FileField(label=_("Tệp (PDF, JPEG, PNG, TIFF)"))
    # Left out, the service files it by its rule (attachment_kind_for); the page preselects what the rule says.
    kind = forms.ChoiceField(label=_("Loại tệp"), widget=forms.RadioSelect, required=False)
    required_document = forms.TypedChoiceField(
        label=_("Thành phần hồ sơ"), coerce=int, required=False, empty_value=None,
        help_text=_("Chỉ với tệp là thành phần hồ sơ của người nộp."),
    )  # fmt: skip

    def __init__(self, *args, documents=(), kinds=(), kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)
        self.fields["kind"].initial = kind
        self.fields["required_document"].choices = [("", _("— Không —"))] + [(d.pk, d.name) for d in documents]

    def clean(self):
        data = super().clean()
        if data.get("kind") == Attachment.Kind.RESULT and data.get("required_document"):
            self.add_error("required_document", _("Tệp kết quả giải quyết không gắn với thành phần hồ sơ."))
        return data


class DigitiseForm(forms.Form):
    """A paper document of the application scanned at the desk, to certify as an electronic copy of the original."""

    required_document = forms.TypedChoiceField(label=_("Thành phần hồ sơ"), coerce=int)
    file = forms.FileField(label=_("Bản quét (PDF, JPEG, PNG, TIFF)"))
    valid_until = forms.DateField(
        label=_("Giấy tờ có giá trị đến"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Để trống nếu giấy tờ không có thời hạn."),
    )  # fmt: skip

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_document"].choices = [(d.pk, d.name) for d in documents]


class ReuseForm(forms.Form):
    """A document of the application taken from the applicant's store of digitised documents."""

    offer = forms.TypedChoiceField(label=_("Giấy tờ trong kho của người nộp"), coerce=str, widget=forms.RadioSelect)

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [(f"{document.pk}:{stored.pk}", label) for document, stored, label in offers]


class IntakeForm(forms.Form):
    """The desk's intake form: the applicant, how the dossier came and how the result goes back."""

    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"), choices=[(c, c.label) for c in (Channel.COUNTER, Channel.POST)]
    )
    applicant_kind = forms.ChoiceField(label=_("Loại chủ hồ sơ"), choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label=_("Họ và tên / tên tổ chức"), max_length=255)
    applicant_id_number = forms.CharField(label=_("Số định danh cá nhân / hộ chiếu"), max_length=30, required=False)
    applicant_tax_code = forms.CharField(label=_("Mã số thuế"), max_length=20, required=False)
    applicant_phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    result_delivery = forms.ChoiceField(label=_("Nhận kết quả"), choices=ResultDelivery.choices)
    summary = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        for field, message in applicant_faults(data).items():
            self.add_error(field, message)
        return data
