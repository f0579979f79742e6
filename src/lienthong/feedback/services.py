"""Writes of the feedback app: a returned dossier's applicant rates the service, once."""

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienthong.core.errors import DomainError
from lienthong.core.events import record_publish
from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Dossier
from lienthong.feedback.constants import COMMENT_MAX_LENGTH, EVENTS_SOURCE, RATED, Criterion, Score
from lienthong.feedback.models import Rating, RatingAnswer


class FeedbackError(DomainError):
    """A refused rating: a stable code for machines, a Vietnamese message for the applicant."""

    NOT_RETURNED = "not_returned"
    ALREADY_RATED = "already_rated"
    INVALID_SCORES = "invalid_scores"
    COMMENT_TOO_LONG = "comment_too_long"


def guard_can_rate(*, dossier: Dossier) -> None:
    """Only a returned dossier is rated: the applicant judges the whole service, result in hand."""
    if dossier.status != Status.RETURNED:
        raise FeedbackError(
            FeedbackError.NOT_RETURNED, _("Chỉ đánh giá được hồ sơ đã trả kết quả. Hồ sơ này chưa trả kết quả.")
        )


def _checked_scores(scores: Mapping[str, int]) -> dict[str, int]:
    checked = {str(criterion): scores.get(criterion) for criterion in Criterion.values}
    if set(scores) - set(Criterion.values) or any(score not in Score.values for score in checked.values()):
        raise FeedbackError(FeedbackError.INVALID_SCORES, _("Vui lòng chọn một mức độ hài lòng cho mỗi tiêu chí."))
    return checked  # type: ignore[return-value]


@transaction.atomic
def rating_submit(
    *, dossier: Dossier, scores: Mapping[str, int], comment: str = "", at: dt.datetime | None = None
) -> Rating:
    """Record the applicant's rating of a returned dossier, once (Decision 766 counts satisfaction per dossier);
    `at` (default: now) lets the demo's history rate its dossiers when their applicants would have."""
    guard_can_rate(dossier=dossier)
    checked = _checked_scores(scores)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise FeedbackError(
            FeedbackError.COMMENT_TOO_LONG,
            _("Ý kiến dài tối đa %(count)s ký tự.") % {"count": COMMENT_MAX_LENGTH},
        )
    average = (Decimal(sum(checked.values())) / len(checked)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    try:
        # The one-per-dossier constraint decides between two simultaneous submissions; the savepoint keeps the
        # outer transaction usable on PostgreSQL after the refusal.
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=dossier, agency_id=dossier.agency_id, average=average, comment=comment,
                rated_at=at or timezone.now(),
            )  # fmt: skip
    except IntegrityError:
        raise FeedbackError(
            FeedbackError.ALREADY_RATED, _("Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.")
        ) from None
    RatingAnswer.objects.bulk_create(
        RatingAnswer(rating=rating, criterion=criterion, score=score) for criterion, score in checked.items()
    )
    # A rating is written once: it is its own event, published in this transaction to the reporting read model.
    record_publish(EVENTS_SOURCE, {"kind": RATED, "rating_id": rating.pk, "dossier_id": dossier.pk})
    return rating
