from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lienthong.reports"
    label = "reports"
    verbose_name = _("Báo cáo, thống kê")

    def ready(self) -> None:
        # Subscribed here, never imported by dossiers (DESIGN.md rule 2): the outbox carries the events to us.
        from django.db.models.signals import post_init, post_save

        from lienthong.complaints.constants import EVENTS_SOURCE as COMPLAINTS
        from lienthong.core.events import record_subscribe, subscribe
        from lienthong.feedback.constants import EVENTS_SOURCE as FEEDBACK
        from lienthong.national.models import NationalSync
        from lienthong.reports.constants import COMPLAINT_FACTS_TOPIC, FACT_KINDS, FACTS_TOPIC, RATING_FACTS_TOPIC
        from lienthong.reports.services import (
            complaint_fact_on_event,
            fact_on_event,
            fact_on_national_sync,
            fact_sync_seen,
            rating_fact_on_event,
        )

        subscribe(FACTS_TOPIC, fact_on_event, kinds=FACT_KINDS)
        # Complaints' events and ratings: applied in the transaction of the change (core.events.record_publish).
        record_subscribe(COMPLAINTS, COMPLAINT_FACTS_TOPIC, complaint_fact_on_event)
        record_subscribe(FEEDBACK, RATING_FACTS_TOPIC, rating_fact_on_event)
        # The national connector's sync state changes without a dossier event; the fact follows it after commit,
        # when what it reads of the row changed (remembered as the row is loaded).
        post_init.connect(fact_sync_seen, sender=NationalSync, dispatch_uid="reports.fact_sync_seen")
        post_save.connect(fact_on_national_sync, sender=NationalSync, dispatch_uid="reports.fact_on_national_sync")
