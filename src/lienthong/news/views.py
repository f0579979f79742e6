"""News and announcements (issue 4, item 6): list, article, rating and comments; works without JavaScript."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lienthong.core.http import client_address
from lienthong.news import visitors
from lienthong.news.constants import PAGE_SIZE, Kind
from lienthong.news.forms import CommentForm, RatingForm
from lienthong.news.markup import body_html
from lienthong.news.models import Article
from lienthong.news.selectors import (
    article_list_published,
    article_published,
    article_stars_given,
    comment_list_approved,
)
from lienthong.news.services import NewsError, article_rate, comment_submit, guard_comment_rate, visits_flush_if_due

KIND_PARAMETER = {"tin-tuc": Kind.NEWS, "thong-bao": Kind.ANNOUNCEMENT}
ANNOUNCEMENTS_SHOWN = 3
COMMENT_SENT, RATED = "cho-duyet", "cam-on"


def _sidebar() -> dict:
    visits_flush_if_due()  # on read, at most every few minutes: never a write per view (news/visitors.py)
    return {"announcements": list(article_list_published(kind=Kind.ANNOUNCEMENT)[:ANNOUNCEMENTS_SHOWN])}


def _reader(request: HttpRequest) -> str:
    return visitors.reader_key(address=client_address(request), user_agent=request.META.get("HTTP_USER_AGENT", ""))


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    kind = KIND_PARAMETER.get(request.GET.get("loai", ""))
    page = Paginator(article_list_published(kind=kind), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "kind": kind, "kind_parameter": request.GET.get("loai", "") if kind else "", **_sidebar()}
    return render(request, "news/list.html", context)


def _article_page(request, article: Article, *, comment_form=None, rating_form=None, message="", status=200):
    context = {
        "article": article,
        "body": body_html(article.body),
        "comments": comment_list_approved(article=article),
        "comment_form": comment_form or CommentForm(),
        "rating_form": rating_form or RatingForm(),
        "rated": article_stars_given(article=article, visitor=_reader(request)),
        "message": message,
        "comment_sent": request.GET.get("binh-luan") == COMMENT_SENT,
        "thanked": request.GET.get("danh-gia") == RATED,
        **_sidebar(),
    }
    return render(request, "news/detail.html", context, status=status)


def _published_or_404(slug: str) -> Article:
    article = article_published(slug=slug)
    if article is None:
        raise Http404(_("Không tìm thấy bài viết."))
    return article


@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _article_page(request, _published_or_404(slug))


@require_POST
def article_comment(request: HttpRequest, slug: str) -> HttpResponse:
    article = _published_or_404(slug)
    form = CommentForm(request.POST)
    try:
        if form.is_spam():  # answered like a success, so a robot learns nothing; only the rate limit counts it
            guard_comment_rate(client=client_address(request))
        elif form.is_valid():
            comment_submit(
                article=article,
                name=form.cleaned_data["name"],
                text=form.cleaned_data["text"],
                client=client_address(request),
            )
        else:
            return _article_page(request, article, comment_form=form, status=400)
    except NewsError as error:
        response = _article_page(request, article, comment_form=form, message=error.message, status=_status(error))
        if error.retry_after:
            response["Retry-After"] = str(error.retry_after)
        return response
    return redirect(reverse("news:article", args=[slug]) + f"?binh-luan={COMMENT_SENT}#binh-luan")


@require_POST
def article_rating(request: HttpRequest, slug: str) -> HttpResponse:
    article = _published_or_404(slug)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _article_page(request, article, rating_form=form, status=400)
    try:
        article_rate(article=article, visitor=_reader(request), stars=form.cleaned_data["stars"])
    except NewsError as error:
        return _article_page(request, article, rating_form=form, message=error.message, status=_status(error))
    return redirect(reverse("news:article", args=[slug]) + f"?danh-gia={RATED}#danh-gia")


def _status(error: NewsError) -> int:
    return {NewsError.TOO_MANY: 429, NewsError.ALREADY_RATED: 409}.get(error.code, 400)
