import dataclasses

import pytest

from lienthong.dossiers.models import OutboxMessage
from lienthong.notify.constants import EMAIL_TOPIC, DeliveryStatus
from lienthong.notify.models import EmailDelivery, EmailTemplate

pytestmark = pytest.mark.django_db


def test_an_applicant_without_an_email_address_is_skipped_once(smtp, receive, applicant):
    dossier = receive(applicant=dataclasses.replace(applicant, email=""))

    assert smtp.received == []
    delivery = EmailDelivery.objects.get()
    assert (delivery.dossier, delivery.to, delivery.status, delivery.attempts) == (
        dossier, "", DeliveryStatus.SKIPPED, 0,
    )  # fmt: skip
    assert delivery.last_error == "Chủ hồ sơ không có địa chỉ thư điện tử."
    # the outbox counts it as handled: nothing is retried
    assert OutboxMessage.objects.get(event__dossier=dossier, topic=EMAIL_TOPIC).delivered_at is not None


def test_a_kind_whose_template_is_switched_off_is_skipped(smtp, receive):
    EmailTemplate.objects.filter(kind="received").update(is_active=False)

    receive()

    assert smtp.received == []
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.last_error) == (
        DeliveryStatus.SKIPPED,
        "Không có mẫu thư đang dùng cho sự kiện này.",
    )
