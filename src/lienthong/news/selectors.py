"""Reads of the news app: what a reader may see — published articles, approved comments."""

from django.db.models import QuerySet
from django.utils import timezone

from lienthong.news.constants import CommentStatus, Kind
from lienthong.news.models import Article, ArticleRating, Comment


def article_list_published(*, kind: str | None = None) -> QuerySet[Article]:
    """Published and due: an article scheduled for later stays hidden until its time."""
    articles = Article.objects.filter(is_published=True, published_at__lte=timezone.now()).defer("body")
    if kind in Kind.values:
        articles = articles.filter(kind=kind)
    return articles


def article_published(*, slug: str) -> Article | None:
    return Article.objects.filter(is_published=True, published_at__lte=timezone.now(), slug=slug).first()


def comment_list_approved(*, article: Article) -> list[Comment]:
    return list(
        Comment.objects.filter(article=article, status=CommentStatus.APPROVED)
        .only("name", "text", "created_at")
        .order_by("created_at", "id")
    )


def article_stars_given(*, article: Article, visitor: str) -> int | None:
    """The stars this visitor gave the article, if any."""
    return ArticleRating.objects.filter(article=article, visitor=visitor).values_list("stars", flat=True).first()
