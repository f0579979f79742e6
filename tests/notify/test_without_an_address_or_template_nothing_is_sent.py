import dataclasses

import pytest

from lienthong.dossiers.models import OutboxMessage
from lienthong.notify.constants import EMAIL_TOPIC
from lienthong.notify.models import Message, MessageTemplate

pytestmark = pytest.mark.django_db


def test_an_applicant_without_an_email_address_is_mailed_nothing(smtp, receive, applicant):
    dossier = receive(applicant=dataclasses.replace(applicant, email=""))

    assert smtp.received == []
    assert not Message.objects.filter(dossier=dossier, channel="email").exists()
    # the outbox counts it as handled: nothing is retried
    assert OutboxMessage.objects.get(event__dossier=dossier, topic=EMAIL_TOPIC).delivered_at is not None


def test_a_kind_whose_template_is_switched_off_is_mailed_nothing(smtp, receive):
    MessageTemplate.objects.filter(kind="received", channel="email").update(is_active=False)

    dossier = receive()

    assert smtp.received == []
    assert not Message.objects.filter(dossier=dossier, channel="email").exists()
    assert OutboxMessage.objects.get(event__dossier=dossier, topic=EMAIL_TOPIC).delivered_at is not None
