from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    name = "lienthong.board"
    label = "board"
    verbose_name = _("Bảng theo dõi kết nối")

    def ready(self) -> None:
        from lienthong.board.rules import register

        register()
