"""Monitors read, never act (issue 3, item 7): the province's monitors see every dossier of the province — page,
monitor box, search, files and slips — without a single action form; a commune's monitor sees its own commune's
dossiers and not the neighbouring commune's. (Posting each action as the province's monitor is refused:
test_every_action_is_refused_outside_the_officers_scope.py.)"""

import pytest
from django.urls import reverse

from lienthong.dossiers.constants import Status
from lienthong.dossiers.selectors import Box
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import Snapshot, as_officer, dossier_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(province, officers, procedure):
    return given.receive(province, officers, procedure)


def _listed(client, dossier, **query) -> bool:
    url = reverse("backoffice:search") if "q" in query else reverse("backoffice:inbox")
    return f'href="{dossier_url(dossier)}"' in client.get(url, query).content.decode()


@pytest.mark.parametrize("monitor", ["monitor@centre", "monitor@department"])
def test_a_provincial_monitor_reads_the_dossier_and_is_offered_no_action(monitor, dossier, officers):
    client = as_officer(officers[monitor])
    before = Snapshot.of(dossier)
    # when the province's monitor opens the dossier
    page = client.get(dossier_url(dossier))
    # then they read it, with no action form on it
    html = page.content.decode()
    assert page.status_code == 200 and dossier.code in html
    assert "/actions/" not in html and 'id="action-' not in html
    # and find it in their box and by search, and open its files and slips
    assert _listed(client, dossier, box=Box.MONITOR) and _listed(client, dossier, q=dossier.code)
    scan = client.get(reverse("backoffice:attachment", args=[dossier.pk, dossier.attachments.get().pk]))
    assert scan.status_code == 200
    slip = client.get(reverse("backoffice:document", args=[dossier.pk, "06", "xlsx"]))
    assert slip.status_code == 200 and slip.content.startswith(b"PK")
    # but selecting it for a bulk forward does nothing
    client.post(reverse("backoffice:bulk"), {"operation": "forward", "dossier": [dossier.pk]})
    assert Snapshot.of(dossier) == before and before.dossier[0] == Status.RECEIVED


def test_a_commune_monitor_reads_its_own_commune_only(dossier, province, officers, procedure, neighbours):
    everyone = officers | neighbours["officers"]
    theirs = given.receive(province, everyone, procedure, desk="receiver@other_centre",
                           agency=neighbours["other_centre"])  # fmt: skip
    own = as_officer(officers["monitor@commune_centre"])
    # the commune's monitor reads its commune's dossier, without actions
    page = own.get(dossier_url(dossier)).content.decode()
    assert dossier.code in page and "/actions/" not in page
    assert _listed(own, dossier, box=Box.MONITOR) and not _listed(own, theirs, box=Box.MONITOR)
    for key in ("monitor@other_centre", "monitor@other_committee"):
        neighbour = as_officer(everyone[key])
        # the neighbouring commune's monitors read theirs
        assert neighbour.get(dossier_url(theirs)).status_code == 200, key
        assert _listed(neighbour, theirs, box=Box.MONITOR), key
        # and not this one, by page, box or search
        assert neighbour.get(dossier_url(dossier)).status_code == 404, key
        assert not _listed(neighbour, dossier, box=Box.MONITOR), key
        assert not _listed(neighbour, dossier, q=dossier.code), key
