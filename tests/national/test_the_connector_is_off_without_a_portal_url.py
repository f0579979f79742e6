import pytest

from lienthong.core.events import subscription
from lienthong.national.constants import SYNC_TOPIC
from lienthong.national.models import NationalSync
from lienthong.national.services import national_receive_submissions, national_sync_run

pytestmark = pytest.mark.django_db


def test_with_no_portal_url_nothing_is_subscribed_sent_or_pulled(settings, receive):
    settings.LIENTHONG_NATIONAL_PORTAL_URL = ""

    dossier = receive()

    assert subscription(SYNC_TOPIC) is None  # the test settings have no portal: the outbox carries nothing to it
    assert not NationalSync.objects.exists()
    assert national_sync_run(dossier_id=dossier.pk) is None
    assert national_receive_submissions().created == []
