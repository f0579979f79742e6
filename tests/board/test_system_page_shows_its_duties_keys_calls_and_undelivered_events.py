"""A system's page on the board (`/backoffice/ket-noi/he-thong/<id>/`): its contact, sync duties and keys in use,
its calls by operation in the last day, and the webhook events that did not reach it — retrying or dead-lettered,
with the dossier's code — so the monitoring office can call the vendor with facts. Only board officers see it."""

import datetime as dt

import pytest

from lienthong.catalogue.models import Procedure
from lienthong.gateway.constants import Scope
from lienthong.gateway.models import CallStat, SystemDuty
from lienthong.gateway.services.credentials import key_create, key_revoke
from tests.board.undelivered import undelivered_pair
from tests.dossiers.conftest import form_data, procedure  # noqa: F401 — fixtures (the rest: tests/board/conftest.py)

pytestmark = pytest.mark.django_db
PAGE = "/backoffice/ket-noi/he-thong/{}/"


def test_the_page_shows_duties_keys_operations_and_undelivered_events(
    client,
    officers,
    system,
    province,
    procedure,  # noqa: F811
    form_data,  # noqa: F811
):
    failing, dead = undelivered_pair(system=system, province=province, procedure=procedure, form_data=form_data)
    SystemDuty.objects.create(system=system, procedure=Procedure.objects.get(), max_lag_minutes=30)
    kept = key_create(system=system, scopes=[Scope.DOSSIERS_READ], actor_label="test")
    key_revoke(key=key_create(system=system, scopes=[Scope.DOSSIERS_WRITE], actor_label="test").key)
    CallStat.objects.create(system=system, operation="dossier_act", minute=dt.datetime.now(dt.UTC), count=7,
                            errors=2, total_ms=70, max_ms=31)  # fmt: skip
    client.force_login(officers["monitor@centre"])
    response = client.get(PAGE.format(system.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert procedure.procedure.national_code in page and ">30<" in page  # the duty and its lag
    assert kept.key.prefix in page and page.count("dossiers:write") == 0  # the revoked key is not shown
    assert "dossier_act" in page and ">7<" in page and ">31<" in page
    assert str(failing.event.uuid) in page and str(dead.event.uuid) in page and "HTTP 503" in page
    assert failing.event.dossier.code in page
    assert "1 đang gửi lại, 1 thư chết" in page


def test_nothing_undelivered_says_so(client, officers, system):  # noqa: F811
    client.force_login(officers["leader@centre"])
    page = client.get(PAGE.format(system.pk)).content.decode()
    assert "Mọi sự kiện đã được gửi." in page and "Không có lượt gọi trong 24 giờ qua." in page


@pytest.mark.parametrize("who", ["specialist@centre", "monitor@commune_centre", "it_officer@centre"])
def test_other_officers_are_refused_before_anything_is_looked_up(client, officers, system, who):  # noqa: F811
    client.force_login(officers[who])
    assert client.get(PAGE.format(system.pk)).status_code == 403
    assert client.get(PAGE.format(system.pk + 1000)).status_code == 403  # the same answer: no system is probed


def test_an_inactive_system_is_not_found(client, officers, system):  # noqa: F811
    system.is_active = False
    system.save(update_fields=["is_active"])
    client.force_login(officers["monitor@centre"])
    assert client.get(PAGE.format(system.pk)).status_code == 404
