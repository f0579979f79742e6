"""The demo's ratings: one in five dossiers of the history returned in the last six months is rated by its applicant
through the feedback service (`rating_submit`), a few hours to three days after its return — so Decision 766's
satisfaction group and the public statistics' ratings show real figures in a fresh demo. Most applicants are
satisfied; about one in ten is not (an average below "Bình thường": a dislike, 766 figure 5.4). Written once: a
second build finds ratings and writes none."""

import datetime as dt
import random

from django.utils import timezone

from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Dossier
from lienthong.feedback.constants import Criterion
from lienthong.feedback.models import Rating
from lienthong.feedback.services import rating_submit

SEED = 766
SHARE = 0.2
MONTHS_BACK = 6
# (weight, the scores a criterion is given from): very satisfied, satisfied, neutral, not satisfied
MOODS = [(45, (5, 5, 4)), (35, (4, 4, 5, 3)), (12, (3, 3, 4, 2)), (8, (1, 2, 2, 3))]
COMMENTS = {
    0: "Cán bộ hướng dẫn tận tình, trả kết quả sớm hơn hẹn.",
    3: "Phải đi lại nhiều lần, thời gian chờ lâu.",
}


def demo_ratings_load(*, now: dt.datetime | None = None) -> int:
    """Rate a share of the history's recently returned dossiers unless some rating exists; how many were rated."""
    if Rating.objects.exists():
        return 0
    now = now or timezone.now()
    rng = random.Random(SEED)  # noqa: S311 — made-up demo data, the same on every machine
    returned = (
        Dossier.objects.filter(
            status=Status.RETURNED,
            returned_at__gte=now - dt.timedelta(days=30 * MONTHS_BACK),
            returned_at__lt=now - dt.timedelta(days=3),
        )
        .only("pk", "status", "agency_id", "returned_at")
        .order_by("pk")
    )
    rated = 0
    for dossier in returned.iterator(2000):
        if rng.random() >= SHARE:
            continue
        mood = rng.choices(range(len(MOODS)), weights=[w for w, _ in MOODS])[0]
        scores = {criterion: rng.choice(MOODS[mood][1]) for criterion in Criterion.values}
        when = dossier.returned_at + dt.timedelta(hours=rng.randint(2, 72))
        comment = COMMENTS.get(mood, "") if rng.random() < 0.3 else ""
        rating_submit(dossier=dossier, scores=scores, comment=comment, at=when)
        rated += 1
    return rated
