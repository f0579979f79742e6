"""Articles written by the province's editors; readers' comments moderated before they show; visits as a record."""

from django import forms
from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.news.constants import CommentStatus
from lienthong.news.markup import body_clean
from lienthong.news.models import Article, Comment, VisitDay
from lienthong.news.services import comments_moderate


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "slug", "kind", "summary", "body", "published_at", "is_published"]

    def clean_body(self) -> str:
        return body_clean(self.cleaned_data["body"])


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "kind", "published_at", "is_published", "author", "rating_count"]
    list_filter = ["kind", "is_published"]
    list_select_related = ["author"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["-published_at", "-id"]

    def save_model(self, request, obj, form, change) -> None:
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["created_at", "name", "excerpt", "article", "status"]
    list_filter = ["status"]
    list_select_related = ["article"]
    search_fields = ["name", "text", "article__title"]
    readonly_fields = ["article", "name", "text", "created_at", "status", "moderated_at", "moderated_by"]
    fields = readonly_fields
    actions = ["approve", "reject"]

    @admin.display(description=_("nội dung bình luận"))
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.text).chars(80)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)  # the list's actions, not the form

    @admin.action(description=_("Duyệt các bình luận đã chọn"), permissions=["moderate"])
    def approve(self, request, queryset) -> None:
        self._moderate(request, queryset, CommentStatus.APPROVED)

    @admin.action(description=_("Từ chối các bình luận đã chọn"), permissions=["moderate"])
    def reject(self, request, queryset) -> None:
        self._moderate(request, queryset, CommentStatus.REJECTED)

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("news.change_comment")

    def _moderate(self, request, queryset, status: str) -> None:
        changed = comments_moderate(
            comment_ids=list(queryset.values_list("pk", flat=True)), status=status, by=request.user
        )
        self.message_user(
            request,
            ngettext("Đã cập nhật %(count)d bình luận.", "Đã cập nhật %(count)d bình luận.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )


@admin.register(VisitDay)
class VisitDayAdmin(ReadOnlyAdmin):
    """Written by `visits_flush`; read here."""

    list_display = ["day", "visits"]
    readonly_fields = ["day", "visits"]
