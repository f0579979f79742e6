from django import forms
from django.utils.translation import gettext_lazy as _

from lienthong.readiness.constants import MAX_COUNT, QUESTIONNAIRE_VERSION, QUESTIONS


class RecordForm(forms.Form):
    """A commune's answers on a phone: one number field each (numeric keyboard)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in QUESTIONS[QUESTIONNAIRE_VERSION]:
            self.fields[name] = forms.IntegerField(
                label=label, min_value=0, max_value=MAX_COUNT, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
            )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) của quý, mỗi xã một dòng hoặc mỗi thôn, tổ dân phố một dòng"))
