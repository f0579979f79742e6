from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "lienthong.payments"
    label = "payments"
    verbose_name = _("Thanh toán phí, lệ phí")

    def ready(self) -> None:
        # Subscribed here, never imported by dossiers (DESIGN.md rule 2): a dossier gets its fee demand when it is
        # submitted online (so the applicant can pay at once) or received.
        from lienthong.core.events import subscribe
        from lienthong.payments.constants import DEMAND_KINDS, DEMAND_TOPIC
        from lienthong.payments.services import demand_on_event

        subscribe(DEMAND_TOPIC, demand_on_event, kinds=DEMAND_KINDS)
