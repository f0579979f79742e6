from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "lienthong.roadmaps"
    label = "roadmaps"
    verbose_name = _("Lộ trình của các đơn vị")

    def ready(self) -> None:
        # The board shows each unit's roadmap beside its connection state, and the monthly compliance report gains a
        # roadmap section: the board asks its registry (board.extensions), it never imports this app.
        from lienthong.board.extensions import board_notes_register
        from lienthong.roadmaps.board_notes import roadmap_notes
        from lienthong.roadmaps.rules import register

        register()
        board_notes_register(roadmap_notes)
