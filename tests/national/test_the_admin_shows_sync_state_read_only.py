import pytest
from django.contrib.auth import get_user_model

from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", "qt@example.vn", "mat-khau-dai-123"))
    return client


def test_the_sync_list_is_in_vietnamese_and_offers_no_add(admin_client, portal, receive):
    receive()

    page = admin_client.get("/admin/national/nationalsync/").content.decode()

    assert "Đồng bộ Cổng DVC quốc gia" in page and "Đã đồng bộ" in page
    assert "Đồng bộ lại với Cổng DVC quốc gia" in page  # the resync action
    assert "/admin/national/nationalsync/add/" not in page
    assert admin_client.get("/admin/national/nationalreceipt/").status_code == 200


def test_the_resync_action_sends_the_chosen_dossiers_again(admin_client, portal, receive):
    dossier = receive()
    portal.portal.reset()
    sync = NationalSync.objects.get(dossier=dossier)

    response = admin_client.post(
        "/admin/national/nationalsync/", {"action": "resync", "_selected_action": [sync.pk]}, follow=True
    )

    assert "Đã gửi lại 1 hồ sơ." in response.content.decode()
    assert NationalSync.objects.get(pk=sync.pk).state == SyncState.SYNCED
    assert portal.portal.creates == {dossier.code: 1}
