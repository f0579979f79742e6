"""The demo's news and announcements (`data/news.json`): upserted by slug, so a second build writes nothing."""

import datetime as dt

from lienthong.demo.procedures import load_json
from lienthong.news.models import Article

FIELDS = ["kind", "title", "summary", "body", "published_at", "is_published"]


def news_load() -> int:
    """Create or bring up to date the demo articles; returns how many rows were written."""
    wanted = {
        row["slug"]: {**row, "published_at": dt.datetime.fromisoformat(row["published_at"]), "is_published": True}
        for row in load_json("news.json")["articles"]
    }
    existing = {article.slug: article for article in Article.objects.filter(slug__in=wanted)}
    new = [Article(**row) for slug, row in wanted.items() if slug not in existing]
    changed = []
    for slug, article in existing.items():
        if any(getattr(article, field) != wanted[slug][field] for field in FIELDS):
            for field in FIELDS:
                setattr(article, field, wanted[slug][field])
            changed.append(article)
    Article.objects.bulk_create(new)
    Article.objects.bulk_update(changed, FIELDS)
    return len(new) + len(changed)
