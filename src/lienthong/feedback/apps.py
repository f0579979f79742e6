from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "lienthong.feedback"
    label = "feedback"
    verbose_name = _("Đánh giá mức độ hài lòng")
