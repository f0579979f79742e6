"""Articles the province publishes, readers' ratings and comments, and the daily visit counts of the public pages."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.news.constants import COMMENT_NAME_MAX_LENGTH, CommentStatus, Kind, Stars


class Article(models.Model):
    """A news item or an announcement; the body is plain text or HTML that `news.markup` sanitises."""

    title = models.CharField(_("tiêu đề bài viết"), max_length=250)
    slug = models.SlugField(_("đường dẫn"), max_length=250, unique=True, help_text=_("Phần cuối địa chỉ bài viết."))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(
        _("nội dung"),
        help_text=_("Văn bản thường hoặc HTML đơn giản; thẻ script, style, form và thuộc tính sự kiện bị loại bỏ."),
    )
    published_at = models.DateTimeField(_("ngày đăng"), db_index=True)
    is_published = models.BooleanField(_("đã đăng"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept by `article_rate` so the article page shows its average without reading every rating.
    rating_count = models.PositiveIntegerField(_("số lượt đánh giá"), default=0, editable=False)
    rating_total = models.PositiveIntegerField(_("tổng số sao"), default=0, editable=False)

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = pgettext_lazy("plural", "bài viết")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["is_published", "kind", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def rating_average(self) -> float | None:
        return round(self.rating_total / self.rating_count, 1) if self.rating_count else None


class ArticleRating(models.Model):
    """One per visitor per article: the visitor is a keyed hash of address and browser (`news.visitors`)."""

    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="ratings")
    visitor = models.CharField(_("khóa người đọc"), max_length=64)
    stars = models.PositiveSmallIntegerField(_("số sao"), choices=Stars.choices)
    rated_at = models.DateTimeField(_("đánh giá lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đánh giá bài viết")
        verbose_name_plural = pgettext_lazy("plural", "đánh giá bài viết")
        constraints = [
            models.UniqueConstraint(fields=["article", "visitor"], name="news_one_rating_per_visitor"),
            models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5), name="news_stars_between_1_and_5"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.stars}"


class Comment(models.Model):
    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("họ tên"), max_length=COMMENT_NAME_MAX_LENGTH)
    text = models.TextField(_("nội dung bình luận"))
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderated_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bình luận")
        verbose_name_plural = pgettext_lazy("plural", "bình luận")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["article", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"


class VisitDay(models.Model):
    """Visits to the public pages on one local day, written by `visits_flush` from the cache, never per view."""

    day = models.DateField(_("ngày"), unique=True)
    visits = models.PositiveBigIntegerField(_("lượt truy cập"), default=0)

    class Meta:
        verbose_name = _("lượt truy cập theo ngày")
        verbose_name_plural = pgettext_lazy("plural", "lượt truy cập theo ngày")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.visits}"
