"""The demo's news and announcements (`data/news.json`): upserted by slug, so a second build writes nothing.

An article about a dated event (the 2025 merger, a holiday's schedule) keeps the date it has in the data; the others
are dated relative to the build, so a newcomer's first start shows news of the last few days rather than of a year
ago. Once published, an article's date never moves: a rebuild the next week leaves the news as it was.
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from lienthong.demo.procedures import load_json
from lienthong.news.models import Article

CONTENT = ["kind", "title", "summary", "body", "is_published"]
TEXTS = ["slug", "title", "summary", "body"]


def news_load(*, now: dt.datetime | None = None) -> int:
    """Create or bring up to date the demo articles as of `now` (default: this instant); returns how many rows
    were written."""
    now = now or timezone.now()
    wanted = {
        row["slug"]: (row, fixed) for row, fixed in (_article(data, now) for data in load_json("news.json")["articles"])
    }
    existing = {article.slug: article for article in Article.objects.filter(slug__in=wanted)}
    new = [Article(**row) for slug, (row, _fixed) in wanted.items() if slug not in existing]
    changed = []
    for slug, article in existing.items():
        row, fixed = wanted[slug]
        fields = CONTENT + (["published_at"] if fixed else [])
        if any(getattr(article, field) != row[field] for field in fields):
            for field in fields:
                setattr(article, field, row[field])
            changed.append(article)
    Article.objects.bulk_create(new)
    Article.objects.bulk_update(changed, CONTENT + ["published_at"])
    return len(new) + len(changed)


def _article(data: dict[str, Any], now: dt.datetime) -> tuple[dict[str, Any], bool]:
    """The article's fields as of `now`, and whether its date is its own: its own date, or `days_ago` at `time`
    (local); {prev_month}/{prev_year} in its texts name the month before the build."""
    local = timezone.localtime(now)
    previous = local.date().replace(day=1) - dt.timedelta(days=1)
    names = {"prev_month": f"{previous.month:02d}", "prev_year": str(previous.year)}
    row = {key: value for key, value in data.items() if key not in ("days_ago", "time", "published_at")}
    row.update({key: data[key].format(**names) for key in TEXTS})
    if "published_at" in data:
        published, fixed = dt.datetime.fromisoformat(data["published_at"]), True
    else:
        day = local.date() - dt.timedelta(days=data["days_ago"])
        at = dt.time.fromisoformat(data.get("time", "08:00"))
        published, fixed = min(dt.datetime.combine(day, at, tzinfo=local.tzinfo), now), False
    return {**row, "published_at": published, "is_published": True}, fixed
