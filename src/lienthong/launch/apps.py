from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaunchConfig(AppConfig):
    """The composition root: the commands that start the whole system (`start`, `scheduler`), the table of periodic
    tasks and the OpenAPI export. The one app that may import every other; none imports it."""

    name = "lienthong.launch"
    label = "launch"
    verbose_name = _("Khởi chạy")
