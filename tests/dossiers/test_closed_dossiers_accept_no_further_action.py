"""A refused, withdrawn or stopped dossier is over: no supplement, refusal, withdrawal or stop applies to it."""

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.closing import dossier_refuse, dossier_stop, dossier_withdraw
from lienthong.dossiers.services.supplement import dossier_request_supplement, dossier_supplement_received
from tests.dossiers.lifecycle_given import at, received, trail

pytestmark = pytest.mark.django_db

ENDINGS = {
    Status.REFUSED: (dossier_refuse, "receiver@commune_centre", {"reason": "Không đủ điều kiện"}, EventKind.REFUSED),
    Status.WITHDRAWN: (dossier_withdraw, "receiver@commune_centre", {"reason": "Công dân rút"}, EventKind.WITHDRAWN),
    Status.STOPPED: (dossier_stop, "leader@commune_centre", {"reason": "Có tranh chấp"}, EventKind.STOPPED),
}
# Each attempted by someone who could do it on a live dossier.
ACTIONS = {
    "request_supplement": (dossier_request_supplement, "receiver@commune_centre", {"missing": ["Đơn"], "note": ""}),
    "supplement_received": (dossier_supplement_received, "receiver@commune_centre", {}),
    "refuse": (dossier_refuse, "receiver@commune_centre", {"reason": "Lý do"}),
    "withdraw": (dossier_withdraw, "receiver@commune_centre", {"reason": ""}),
    "stop": (dossier_stop, "leader@commune_centre", {"reason": "Lý do"}),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("ending", ENDINGS)
@time_machine.travel(at(2026, 3, 2, 10, 0), tick=False)
def test_an_ended_dossier_refuses_every_further_action(
    province, officers, procedure, applicant, form_data, documents, ending, action
):
    dossier = received(province, officers, procedure, applicant, form_data, documents)
    end, ender, end_arguments, ending_kind = ENDINGS[ending]
    end(officer=officers[ender], dossier=dossier, **end_arguments)
    act, actor, arguments = ACTIONS[action]

    with pytest.raises(DossierError) as refused:
        act(officer=officers[actor], dossier=dossier, **arguments)

    assert refused.value.code == DossierError.NOT_ALLOWED_IN_STATUS
    dossier.refresh_from_db()
    assert dossier.status == ending
    assert trail(dossier) == [
        (1, EventKind.RECEIVED, "", Status.RECEIVED, officers["receiver@commune_centre"].pk),
        (2, ending_kind, Status.RECEIVED, ending, officers[ender].pk),
    ]
