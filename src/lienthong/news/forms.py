"""The reader's two forms: a comment (with a honeypot) and a rating. Parsed here, written out in news/detail.html."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lienthong.news.constants import COMMENT_NAME_MAX_LENGTH, COMMENT_TEXT_MAX_LENGTH, Stars

HONEYPOT = "website"  # hidden from people by CSS and aria-hidden; a form-filling robot fills it


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("Họ và tên"),
        max_length=COMMENT_NAME_MAX_LENGTH,
        error_messages={
            "required": _("Vui lòng nhập họ và tên."),
            "max_length": _("Họ và tên dài tối đa %(limit_value)d ký tự."),
        },
    )
    text = forms.CharField(
        label=_("Nội dung bình luận"),
        max_length=COMMENT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Vui lòng nhập nội dung bình luận."),
            "max_length": _("Nội dung bình luận dài tối đa %(limit_value)d ký tự."),
        },
    )
    website = forms.CharField(required=False)

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Đánh giá bài viết"),
        choices=sorted(Stars.choices, reverse=True),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vui lòng chọn từ 1 đến 5 sao."),
            "invalid_choice": _("Vui lòng chọn từ 1 đến 5 sao."),
        },
    )
