from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "lienthong.demo"
    label = "demo"
    verbose_name = _("Dữ liệu mẫu")

    def ready(self) -> None:
        from lienthong.demo import history, traffic

        history.register()
        traffic.register()
