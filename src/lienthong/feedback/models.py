"""A rating: one per returned dossier, by its applicant, with one answer per criterion (constants.Criterion)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.dossiers.models import Dossier
from lienthong.feedback.constants import Criterion, Score
from lienthong.org.models import Agency


class Rating(models.Model):
    """Written once by `rating_submit`, never changed: the admin shows it read-only."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="rating"
    )  # one per dossier: the database refuses a second, whatever races
    # The receiving agency when rated, copied so the statistics group ratings without reading dossiers.
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT, related_name="ratings"
    )
    average = models.DecimalField(_("điểm trung bình"), max_digits=3, decimal_places=2)
    comment = models.TextField(_("ý kiến"), blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), db_index=True)

    class Meta:
        verbose_name = _("đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "đánh giá")
        ordering = ["-rated_at", "-id"]
        indexes = [models.Index(fields=["agency", "rated_at"])]

    def __str__(self) -> str:
        return str(self.dossier)


class RatingAnswer(models.Model):
    rating = models.ForeignKey(Rating, verbose_name=_("đánh giá"), on_delete=models.CASCADE, related_name="answers")
    criterion = models.CharField(_("tiêu chí"), max_length=30, choices=Criterion.choices)
    score = models.PositiveSmallIntegerField(_("mức độ"), choices=Score.choices)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = pgettext_lazy("plural", "câu trả lời")
        ordering = ["rating", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "criterion"], name="one_answer_per_criterion"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="score_between_1_and_5"),
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.get_score_display()}"
