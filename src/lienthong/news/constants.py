"""What the news pages publish and accept: kinds of article, comment states, the sizes a reader may write."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    NEWS = "news", _("Tin tức")
    ANNOUNCEMENT = "announcement", pgettext_lazy("loại bài viết", "Thông báo")  # "Thông báo" alone: notifications


class CommentStatus(models.TextChoices):
    """Only approved comments are shown: an officer reads each one first (the province answers for its pages)."""

    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", pgettext_lazy("bình luận", "Từ chối")


class Stars(models.IntegerChoices):
    ONE = 1, _("1 sao")
    TWO = 2, _("2 sao")
    THREE = 3, _("3 sao")
    FOUR = 4, _("4 sao")
    FIVE = 5, _("5 sao")


COMMENT_NAME_MAX_LENGTH = 80
COMMENT_TEXT_MAX_LENGTH = 2000
PAGE_SIZE = 10

# The markup an article body may carry: text structure, links and tables; no script, style, form or frame.
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a",
    "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
