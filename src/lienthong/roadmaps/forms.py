"""Forms of the roadmap pages: they parse; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lienthong.roadmaps.constants import EvidenceKind, ItemKind

MILESTONES_SHOWN = 3


class ItemForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("Cơ quan, đơn vị"), coerce=int)
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại nhiệm vụ"), choices=ItemKind.choices)
    legal_basis = forms.CharField(label=_("Căn cứ (văn bản chỉ đạo)"), max_length=255, required=False)
    owner = forms.CharField(label=_("Người phụ trách"), max_length=150, required=False)
    due_on = forms.DateField(
        label=_("Hạn hoàn thành (ngày)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    working_days = forms.IntegerField(
        label=_("hoặc: số ngày làm việc kể từ hôm nay"), required=False, min_value=1, max_value=2000
    )
    evidence_kind = forms.ChoiceField(label=_("Minh chứng hoàn thành"), choices=EvidenceKind.choices)
    threshold = forms.DecimalField(
        label=_("Ngưỡng (điểm QĐ 766, hoặc số hồ sơ trực tuyến)"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        decimal_places=1,
    )
    indicator = forms.CharField(label=_("Chỉ số QĐ 766 (để trống: tổng điểm)"), max_length=60, required=False)

    def __init__(self, *args, agencies: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies
        for n in range(1, MILESTONES_SHOWN + 1):
            self.fields[f"m{n}_title"] = forms.CharField(
                label=_("Mốc %(n)s") % {"n": n}, max_length=255, required=False
            )
            self.fields[f"m{n}_due"] = forms.DateField(
                label=_("Hạn mốc %(n)s") % {"n": n}, required=False, widget=forms.DateInput(attrs={"type": "date"})
            )

    def clean(self):
        data = super().clean()
        if not data.get("due_on") and not data.get("working_days"):
            raise forms.ValidationError(_("Cần hạn hoàn thành: một ngày, hoặc số ngày làm việc."))
        kind = data.get("evidence_kind")
        if kind in (EvidenceKind.INDICATOR, EvidenceKind.ONLINE_DOSSIERS) and data.get("threshold") is None:
            self.add_error("threshold", _("Minh chứng tự động này cần một ngưỡng."))
        for n in range(1, MILESTONES_SHOWN + 1):
            if bool(data.get(f"m{n}_title")) != bool(data.get(f"m{n}_due")):
                self.add_error(f"m{n}_due", _("Mốc cần cả tên và hạn."))
        return data

    def milestones(self):
        data = self.cleaned_data
        return [
            (data[f"m{n}_title"], data[f"m{n}_due"]) for n in range(1, MILESTONES_SHOWN + 1) if data.get(f"m{n}_title")
        ]

    def evidence_params(self) -> dict:
        data = self.cleaned_data
        if data["evidence_kind"] == EvidenceKind.INDICATOR:
            return {"indicator": data.get("indicator") or "total", "threshold": float(data["threshold"])}
        if data["evidence_kind"] == EvidenceKind.ONLINE_DOSSIERS:
            return {"count": int(data["threshold"])}
        return {}


class PlanForm(ItemForm):
    """The province's plan: the same item issued to every unit of the chosen group."""

    def __init__(self, *args, groups: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, agencies=[], **kwargs)
        del self.fields["agency"], self.fields["owner"]
        self.fields["group"] = forms.ChoiceField(label=_("Giao cho"), choices=groups)
        self.fields["legal_basis"].required = True
        self.order_fields(["group", "title"])


class EvidenceForm(forms.Form):
    document = forms.FileField(label=_("Văn bản minh chứng (PDF, JPEG, PNG; tối đa 10 MB)"))
