"""The leader of the receiving agency may stop a dossier or apologise for it at the desk (the services grant the
desk's leader both): they see what their desk received — page, agency box, search — and are offered those actions,
while the leader of a neighbouring desk is not."""

import pytest
from django.urls import reverse

from lienthong.dossiers.selectors import Box
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import action_url, as_officer, dossier_url

pytestmark = pytest.mark.django_db


def test_the_desks_leader_finds_the_received_dossier_and_may_stop_it(province, officers, procedure, neighbours):
    # given a dossier received at the commune's desk
    dossier = given.receive(province, officers, procedure)
    link = f'href="{dossier_url(dossier)}"'
    for key, sees in (("leader@commune_centre", True), ("leader@other_centre", False)):
        client = as_officer((officers | neighbours["officers"])[key])
        # when the desk's leader, or the neighbouring desk's, looks for it
        page = client.get(dossier_url(dossier))
        box = client.get(reverse("backoffice:inbox"), {"box": Box.AGENCY}).content.decode()
        found = client.get(reverse("backoffice:search"), {"q": dossier.code}).content.decode()
        # then only the desk's own leader finds it, with the stop and apology forms
        assert (page.status_code == 200, link in box, link in found) == (sees, sees, sees), key
        offered = page.content.decode()
        assert (f'action="{action_url(dossier, "stop")}"' in offered) is sees, key
        assert (f'action="{action_url(dossier, "apologize")}"' in offered) is sees, key
