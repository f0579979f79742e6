"""Rate a returned dossier (issue 4, item 4): reached from the tracking page through a signed link; no JavaScript."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from lienthong.core.http import private_response
from lienthong.dossiers.constants import Status
from lienthong.feedback.constants import COMMENT_MAX_LENGTH, Criterion, Score
from lienthong.feedback.selectors import dossier_to_rate
from lienthong.feedback.services import FeedbackError, guard_can_rate, rating_submit
from lienthong.portal.rating import code_for_rating_token

INVALID_LINK = _("Liên kết đánh giá không hợp lệ hoặc đã hết hạn. Vui lòng tra cứu lại hồ sơ để đánh giá.")


class RatingForm(forms.Form):
    """One choice per criterion (feedback.constants.Criterion), best first as Vietnamese forms list them."""

    comment = forms.CharField(
        label=_("Ý kiến khác (không bắt buộc)"), required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for criterion in Criterion:
            self.fields[criterion.value] = forms.TypedChoiceField(
                label=criterion.label,
                choices=sorted(Score.choices, reverse=True),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Vui lòng chọn một mức độ.")},
            )
        self.fields["comment"] = comment

    def criteria(self) -> list[forms.BoundField]:
        return [self[criterion] for criterion in Criterion.values]


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    code = code_for_rating_token(token)
    dossier = dossier_to_rate(code=code) if code else None
    if dossier is None:
        return private_response(render(request, "portal/rate.html", {"message": INVALID_LINK}, status=404))
    context: dict = {"dossier": dossier, "rating": getattr(dossier, "rating", None)}
    if context["rating"] is not None and request.method == "GET":
        return private_response(render(request, "portal/rate.html", context))
    form = RatingForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    status = 200
    try:
        guard_can_rate(dossier=dossier)
        if request.method == "POST" and form.is_valid():
            scores = {criterion: form.cleaned_data[criterion] for criterion in Criterion.values}
            rating_submit(dossier=dossier, scores=scores, comment=form.cleaned_data["comment"])
            return private_response(redirect("portal:rate", token=token))  # the thank-you, and no second post on reload
        if request.method == "POST":
            status = 400
    except FeedbackError as error:
        context["message"] = error.message
        status = 400 if dossier.status != Status.RETURNED else 409
    return private_response(render(request, "portal/rate.html", context, status=status))
