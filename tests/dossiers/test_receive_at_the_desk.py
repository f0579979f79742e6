import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lienthong.core.events import subscribe, unsubscribe
from lienthong.dossiers.constants import Channel, EventKind, Status
from lienthong.dossiers.models import Dossier, DossierEvent, OutboxMessage
from lienthong.dossiers.services import DossierError, dossier_receive

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _receive(province, officers, procedure, applicant, form_data, documents, **overrides):
    arguments = {
        "officer": officers["receiver@commune_centre"], "agency": province["commune_centre"], "version": procedure,
        "channel": Channel.COUNTER, "applicant": applicant, "form_data": form_data, "documents_present": documents,
    } | overrides  # fmt: skip
    return dossier_receive(**arguments)


@time_machine.travel(dt.datetime(2026, 2, 13, 16, 0, tzinfo=HCM), tick=False)
def test_a_complete_dossier_gets_its_code_and_an_appointment_past_tet(
    province, officers, procedure, applicant, form_data, documents
):
    # when the desk receives a complete dossier after the 15:00 cut-off on the Friday before Tết 2026
    dossier = _receive(province, officers, procedure, applicant, form_data, documents)

    # then it has today's first code of the receiving agency and a 3-working-day appointment after Tết
    assert dossier.code == "000.00.98.H19-260213-0001"
    assert dossier.status == Status.RECEIVED
    assert dossier.due_at == dt.datetime(2026, 2, 25, 17, 0, tzinfo=HCM)
    assert dossier.original_due_at == dossier.due_at
    assert dossier.applicant_name_folded == "nguyen thi hoa"

    # and one RECEIVED event records who, when, the code and why the date is what it is
    (event,) = DossierEvent.objects.filter(dossier=dossier)
    assert (event.kind, event.seq, event.status_before, event.status_after) == (EventKind.RECEIVED, 1, "", "received")
    assert event.actor == officers["receiver@commune_centre"]
    assert event.payload["code"] == dossier.code
    assert any("Tết Nguyên Đán" in line for line in event.payload["due_explanation"])
    assert re.fullmatch(r"[0-9a-f]{64}", event.hash) and event.prev_hash == ""


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False)
def test_codes_count_per_agency_per_day(province, officers, procedure, applicant, form_data, documents):
    first = _receive(province, officers, procedure, applicant, form_data, documents)
    second = _receive(province, officers, procedure, applicant, form_data, documents)
    elsewhere = _receive(province, officers, procedure, applicant, form_data, documents,
                         officer=officers["receiver@centre"], agency=province["centre"])  # fmt: skip
    assert [first.code, second.code, elsewhere.code] == [
        "000.00.98.H19-260302-0001",
        "000.00.98.H19-260302-0002",
        "000.00.01.H19-260302-0001",
    ]
    with time_machine.travel(dt.datetime(2026, 3, 3, 8, 0, tzinfo=HCM), tick=False):
        next_day = _receive(province, officers, procedure, applicant, form_data, documents)
    assert next_day.code == "000.00.98.H19-260303-0001"


def test_a_failed_receipt_gives_its_number_back(province, officers, procedure, applicant, form_data, documents):
    first = _receive(province, officers, procedure, applicant, form_data, documents)
    with pytest.raises(DossierError) as refused:
        _receive(province, officers, procedure, applicant, {"ho_ten": "X"}, documents)
    assert refused.value.code == DossierError.INVALID_FORM_DATA
    after = _receive(province, officers, procedure, applicant, form_data, documents)
    assert int(after.code[-4:]) == int(first.code[-4:]) + 1
    assert Dossier.objects.count() == 2


def test_an_incomplete_dossier_is_not_received_and_names_what_is_missing(
    province, officers, procedure, applicant, form_data
):
    with pytest.raises(DossierError) as refused:
        _receive(province, officers, procedure, applicant, form_data, documents=set())
    assert refused.value.code == DossierError.MISSING_DOCUMENTS
    assert refused.value.details["missing"] == ["Đơn đăng ký", "Giấy tờ về quyền sử dụng đất"]
    assert not Dossier.objects.exists() and not DossierEvent.objects.exists()


def test_form_data_is_checked_against_the_procedure_schema(province, officers, procedure, applicant, documents):
    bad = {"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "17/05/1990", "so_dinh_danh": "123"}
    with pytest.raises(DossierError) as refused:
        _receive(province, officers, procedure, applicant, bad, documents)
    assert refused.value.code == DossierError.INVALID_FORM_DATA
    assert {line.split(":")[0] for line in refused.value.details["errors"]} == {"ngay_sinh", "so_dinh_danh"}


def test_only_a_receiver_of_the_agency_may_receive(province, officers, procedure, applicant, form_data, documents):
    for who in ("specialist@commune_centre", "receiver@centre"):
        with pytest.raises(DossierError) as refused:
            _receive(province, officers, procedure, applicant, form_data, documents, officer=officers[who])
        assert refused.value.code == DossierError.NOT_PERMITTED
    assert not Dossier.objects.exists()


def test_each_subscriber_gets_an_outbox_row_in_the_same_transaction(
    province, officers, procedure, applicant, form_data, documents
):
    subscribe("test-mail", lambda envelope: None)
    subscribe("test-sync", lambda envelope: None, kinds=["returned"])
    try:
        dossier = _receive(province, officers, procedure, applicant, form_data, documents)
    finally:
        unsubscribe("test-mail")
        unsubscribe("test-sync")
    mine = OutboxMessage.objects.filter(event__dossier=dossier, topic__startswith="test-")
    rows = list(mine.values_list("topic", "event__kind"))
    assert rows == [("test-mail", "received")]
