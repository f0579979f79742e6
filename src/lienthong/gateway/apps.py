from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatewayConfig(AppConfig):
    name = "lienthong.gateway"
    label = "gateway"
    verbose_name = _("Kết nối hệ thống")

    def ready(self) -> None:
        # Webhooks hear every dossier event through the outbox (DESIGN.md rule 2: dossiers never imports us); the
        # fan-out writes a delivery only for the subscriptions that want the event. While no system listens at
        # all, the topic says so and the event gets no outbox row for it (gateway/webhooks/listening.py).
        from django.db.models.signals import post_delete, post_save

        from lienthong.core.events import subscribe
        from lienthong.gateway.models import ConnectedSystem
        from lienthong.gateway.webhooks.constants import TOPIC
        from lienthong.gateway.webhooks.listening import (
            subscription_saved,
            system_saved,
            webhooks_listening,
            webhooks_listening_changed,
        )
        from lienthong.gateway.webhooks.models import WebhookSubscription
        from lienthong.gateway.webhooks.services import message_status_heard, webhook_fan_out
        from lienthong.notify.signals import message_status_changed

        subscribe(TOPIC, webhook_fan_out, listening=webhooks_listening)
        # A message to the applicant changed status: a `message_status` notice for the systems that asked for it.
        message_status_changed.connect(message_status_heard, dispatch_uid="webhooks_message_status")
        post_save.connect(subscription_saved, sender=WebhookSubscription, dispatch_uid="webhooks_listening_sub")
        post_delete.connect(webhooks_listening_changed, sender=WebhookSubscription, dispatch_uid="webhooks_ls_del")
        post_save.connect(system_saved, sender=ConnectedSystem, dispatch_uid="webhooks_listening_system")
        post_delete.connect(webhooks_listening_changed, sender=ConnectedSystem, dispatch_uid="webhooks_ls_sys_del")
