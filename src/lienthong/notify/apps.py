from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "lienthong.notify"
    label = "notify"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        # Subscribed here, never imported by dossiers (DESIGN.md rule 2): the outbox carries the events to us.
        from lienthong.core.events import subscribe
        from lienthong.notify.constants import EMAIL_TOPIC, NOTIFIED_KINDS
        from lienthong.notify.services import email_on_event

        subscribe(EMAIL_TOPIC, email_on_event, kinds=NOTIFIED_KINDS)
