from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "lienthong.complaints"
    label = "complaints"
    verbose_name = _("Phản ánh, kiến nghị")

    def ready(self) -> None:
        from lienthong.complaints.rules import register

        register()
