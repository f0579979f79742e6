from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "lienthong.notify"
    label = "notify"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        # Subscribed here, never imported by dossiers (DESIGN.md rule 2): the outbox carries the events to us.
        from lienthong.core.events import subscribe
        from lienthong.notify.constants import EMAIL_TOPIC, NOTIFIED_KINDS, PHONE_TOPIC
        from lienthong.notify.delivery import phone_on_event
        from lienthong.notify.providers import sms_configured, zns_configured
        from lienthong.notify.services import email_on_event

        subscribe(EMAIL_TOPIC, email_on_event, kinds=NOTIFIED_KINDS)
        # Zalo and SMS: only while a provider is configured (no outbox rows otherwise; settings only, no query).
        subscribe(PHONE_TOPIC, phone_on_event, kinds=NOTIFIED_KINDS,
                  listening=lambda: sms_configured() or zns_configured())  # fmt: skip
