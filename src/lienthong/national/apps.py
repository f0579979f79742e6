from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    name = "lienthong.national"
    label = "national"
    verbose_name = _("Cổng Dịch vụ công quốc gia")

    def ready(self) -> None:
        # Subscribed only when the connector is configured: with no portal to tell, the outbox need not carry
        # every event to it (and the dossiers app never knows either way, DESIGN.md rule 2).
        from django.conf import settings

        if settings.LIENTHONG_NATIONAL_PORTAL_URL:
            national_subscribe()


def national_subscribe() -> None:
    """Listen to every dossier event (tests call it after pointing the connector at a simulator)."""
    from lienthong.core.events import subscribe
    from lienthong.national.constants import SYNC_TOPIC
    from lienthong.national.services import national_on_event

    subscribe(SYNC_TOPIC, national_on_event)
