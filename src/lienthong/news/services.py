"""Writes of the news app: readers rate and comment, officers moderate, the visit counters reach the database."""

import contextlib
import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienthong.core.errors import DomainError
from lienthong.core.ratelimit import rate_parse, window_hit
from lienthong.news import visitors
from lienthong.news.constants import COMMENT_NAME_MAX_LENGTH, COMMENT_TEXT_MAX_LENGTH, CommentStatus, Stars
from lienthong.news.models import Article, ArticleRating, Comment, VisitDay


class NewsError(DomainError):
    """A refused rating or comment: a stable code for machines, a Vietnamese message for the reader."""

    ALREADY_RATED = "already_rated"
    INVALID_STARS = "invalid_stars"
    INVALID_COMMENT = "invalid_comment"
    TOO_MANY = "too_many"


@transaction.atomic
def article_rate(*, article: Article, visitor: str, stars: int) -> ArticleRating:
    """One rating per visitor per article; the article keeps the count and sum so its page needs no aggregate."""
    if stars not in Stars.values:
        raise NewsError(NewsError.INVALID_STARS, _("Vui lòng chọn từ 1 đến 5 sao."))
    try:
        with transaction.atomic():  # the unique constraint decides between two simultaneous posts
            rating = ArticleRating.objects.create(article=article, visitor=visitor, stars=stars)
    except IntegrityError:
        raise NewsError(NewsError.ALREADY_RATED, _("Bạn đã đánh giá bài viết này. Cảm ơn bạn!")) from None
    Article.objects.filter(pk=article.pk).update(
        rating_count=F("rating_count") + 1, rating_total=F("rating_total") + stars
    )
    return rating


def guard_comment_rate(*, client: str) -> None:
    """Per client address: a person writes a few comments an hour, a spam script hundreds."""
    rate = rate_parse(settings.LIENTHONG_NEWS_COMMENT_RATE)
    if rate is None:
        return
    verdict = window_hit(f"news:comment:{client}", rate)
    if not verdict.allowed:
        raise NewsError(
            NewsError.TOO_MANY,
            _("Bạn đã gửi quá nhiều bình luận. Vui lòng thử lại sau %(seconds)s giây.")
            % {"seconds": verdict.retry_after},
            retry_after=verdict.retry_after,
        )


@transaction.atomic
def comment_submit(*, article: Article, name: str, text: str, client: str) -> Comment:
    """A reader's comment waits for an officer: nothing a visitor writes is shown before it is read."""
    name, text = (name or "").strip(), (text or "").strip()
    if not name or not text or len(name) > COMMENT_NAME_MAX_LENGTH or len(text) > COMMENT_TEXT_MAX_LENGTH:
        raise NewsError(NewsError.INVALID_COMMENT, _("Vui lòng nhập họ tên và nội dung bình luận."))
    guard_comment_rate(client=client)
    return Comment.objects.create(article=article, name=name, text=text, status=CommentStatus.PENDING)


@transaction.atomic
def comments_moderate(*, comment_ids: list[int], status: str, by) -> int:
    """Approve or reject; returns how many comments changed."""
    if status not in (CommentStatus.APPROVED, CommentStatus.REJECTED):
        raise ValueError(f"a moderation sets approved or rejected, not {status!r}")
    return (
        Comment.objects.filter(pk__in=comment_ids)
        .exclude(status=status)
        .update(status=status, moderated_at=timezone.now(), moderated_by=by)
    )


# -- visit counters --------------------------------------------------------------------------------------------


def _visits_add(*, day: dt.date, visits: int) -> None:
    if not VisitDay.objects.filter(day=day).update(visits=F("visits") + visits):
        try:
            with transaction.atomic():
                VisitDay.objects.create(day=day, visits=visits)
        except IntegrityError:  # another flush created the day in between
            VisitDay.objects.filter(day=day).update(visits=F("visits") + visits)


def visits_flush(*, today: dt.date | None = None) -> int:
    """Move the visits counted in the cache to `VisitDay` rows and leave the new totals in the cache; returns the
    visits moved. A cache lock keeps two flushes from moving the same count twice."""
    today = today or timezone.localdate()
    if not cache.add(visitors.FLUSH_LOCK_KEY, 1, timeout=60):
        return 0
    try:
        days = [today - dt.timedelta(days=n) for n in range(visitors.PENDING_DAYS)]
        keys = {visitors.pending_key(day): day for day in days}
        pending = {keys[key]: count for key, count in cache.get_many(list(keys)).items() if count}
        with transaction.atomic():
            for day, count in sorted(pending.items()):
                _visits_add(day=day, visits=count)
        for day, count in pending.items():  # after the commit: a failed write leaves the count to the next flush
            with contextlib.suppress(ValueError):  # the cache lost the key meanwhile: nothing left to take away
                cache.decr(visitors.pending_key(day), count)
        _snapshot_refresh(today=today)
        return sum(pending.values())
    finally:
        cache.delete(visitors.FLUSH_LOCK_KEY)


def _snapshot_refresh(*, today: dt.date) -> None:
    month_start = today.replace(day=1)
    totals = VisitDay.objects.aggregate(
        today=Sum("visits", filter=Q(day=today), default=0),
        month=Sum("visits", filter=Q(day__gte=month_start, day__lte=today), default=0),
        total=Sum("visits", default=0),
    )
    visitors.snapshot_store(day=today, today=totals["today"], month=totals["month"], total=totals["total"])


def visits_flush_if_due() -> None:
    """Flush on read, at most once every FLUSH_SECONDS per cache: what keeps the per-process memory cache's counts
    reaching the database when the worker (another process) cannot see them."""
    if cache.add(visitors.FLUSH_DUE_KEY, 1, timeout=visitors.FLUSH_SECONDS):
        visits_flush()
