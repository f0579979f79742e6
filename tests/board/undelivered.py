"""Two webhook deliveries of a system that did not arrive: one still retried after a 503, one dead-lettered."""

import datetime as dt

from lienthong.dossiers.constants import Channel
from lienthong.dossiers.models import DossierEvent
from lienthong.dossiers.services import Applicant, dossier_submit_online
from lienthong.gateway.webhooks.constants import DeliveryState
from lienthong.gateway.webhooks.models import WebhookDelivery
from lienthong.gateway.webhooks.services import subscription_create


def undelivered_pair(*, system, province, procedure, form_data):
    dossier = dossier_submit_online(agency=province["commune_centre"], version=procedure,
                                    channel=Channel.CONNECTED_SYSTEM, form_data=form_data,
                                    applicant=Applicant(name="Nguyễn Thị Hoa", id_number="075190001234",
                                                        phone="0912345678"))  # fmt: skip
    subscription = subscription_create(system=system, url="https://mc.tranbien.example/hooks", kinds=[])
    event = DossierEvent.objects.filter(dossier=dossier).order_by("seq").first()
    now = dt.datetime.now(dt.UTC)
    WebhookDelivery.objects.filter(subscription=subscription).delete()  # whatever the fan-out made: ours only
    failing = WebhookDelivery.objects.create(
        subscription=subscription, event=event, dossier_id=dossier.pk, state=DeliveryState.PENDING, attempts=3,
        last_status=503, last_error="HTTP 503", available_at=now + dt.timedelta(minutes=5),
    )  # fmt: skip
    other = DossierEvent.objects.create(dossier=dossier, seq=99, kind=event.kind, at=now,
                                        status_after=event.status_after, prev_hash="x", hash="y")  # fmt: skip
    dead = WebhookDelivery.objects.create(subscription=subscription, event=other, dossier_id=dossier.pk,
                                          state=DeliveryState.DEAD, attempts=1, last_status=410, last_error="HTTP 410",
                                          available_at=now, dead_at=now)  # fmt: skip
    WebhookDelivery.objects.create(
        subscription=subscription,
        event=DossierEvent.objects.create(
            dossier=dossier, seq=100, kind=event.kind, at=now, status_after=event.status_after, prev_hash="y", hash="z"
        ),
        dossier_id=dossier.pk,
        state=DeliveryState.PENDING,
        attempts=0,
        available_at=now,
    )  # in flight: not counted
    return failing, dead
