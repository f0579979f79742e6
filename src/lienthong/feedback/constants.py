"""What a rating asks and how it is answered: data, so a province changes the questions here, not in a template.

The four criteria are those Vietnamese portals ask after a dossier is returned (finding information, time, ease,
staff attitude; Circular 01/2018 art. 13–14 evaluates the same ground per dossier). The scale is the five-level one
of the Ministry of Home Affairs' satisfaction survey (SIPAS), scored 1–5 so an average reads "4,2 / 5".
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    """Each is answered once per rating; the label is the question the applicant reads."""

    INFORMATION = "information", _("Tìm hiểu thông tin, hướng dẫn về thủ tục")
    TIMELINESS = "timeliness", _("Thời gian giải quyết so với ngày hẹn trả")
    CONVENIENCE = "convenience", _("Sự thuận tiện khi nộp hồ sơ và nhận kết quả")
    ATTITUDE = "attitude", _("Thái độ phục vụ của cán bộ, công chức")


class Score(models.IntegerChoices):
    VERY_DISSATISFIED = 1, _("Rất không hài lòng")
    DISSATISFIED = 2, _("Không hài lòng")
    NEUTRAL = 3, _("Bình thường")
    SATISFIED = 4, _("Hài lòng")
    VERY_SATISFIED = 5, _("Rất hài lòng")


SCORE_MAX = max(Score.values)
# A rating "not satisfied" — Decision 766's dislike of a dossier (5.4: dossiers with a PAKN or a dislike): its average
# is below "Bình thường", so on the whole the applicant answered "Không hài lòng" or worse.
NOT_SATISFIED_BELOW = Decimal(Score.NEUTRAL)
COMMENT_MAX_LENGTH = 2000
# The name ratings are published under (`core.events.record_publish`; the event: "rated"): the reporting read model
# keeps each dossier's rating from it.
EVENTS_SOURCE = "feedback"
RATED = "rated"
