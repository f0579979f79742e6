from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatewayConfig(AppConfig):
    name = "lienthong.gateway"
    label = "gateway"
    verbose_name = _("Kết nối hệ thống")

    def ready(self) -> None:
        # Webhooks hear every dossier event through the outbox (DESIGN.md rule 2: dossiers never imports us); the
        # fan-out writes a delivery only for the subscriptions that want the event.
        from lienthong.core.events import subscribe
        from lienthong.gateway.webhooks.constants import TOPIC
        from lienthong.gateway.webhooks.services import webhook_fan_out

        subscribe(TOPIC, webhook_fan_out)
