from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "lienthong.org"
    label = "org"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from lienthong.org.rules import register

        register()
