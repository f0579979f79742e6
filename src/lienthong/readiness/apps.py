from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "lienthong.readiness"
    label = "readiness"
    verbose_name = _("Mức sẵn sàng số của các xã")

    def ready(self) -> None:
        from lienthong.readiness.rules import register

        register()
