from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lienthong.core"
    label = "core"
    verbose_name = _("Nền tảng")

    def ready(self) -> None:
        # Before any URLconf is read: the apps' routes use <id:…> (core/urlconverters.py).
        from lienthong.core import checks  # noqa: F401 — registers the keys' and the production profile's checks
        from lienthong.core.urlconverters import converters_register

        converters_register()
