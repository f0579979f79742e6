"""The must-show of issue 5: a unit that stops sending heartbeats turns degraded, then disconnected, and after the
grace period its head (through the agency's address) and the monitoring office get one e-mail per outage, sent
through notify's delivery model (one message per address, delivered by notify's worker)."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.board.constants import ConnectionState
from lienthong.board.escalation import escalations_send
from lienthong.board.models import Escalation
from lienthong.board.selectors import board_agencies
from lienthong.core.models import Rule
from lienthong.gateway.constants import SystemKind
from lienthong.gateway.services.credentials import system_create
from lienthong.gateway.services.reports import heartbeat_record
from lienthong.notify.constants import MessageChannel, MessageStatus
from lienthong.notify.delivery import notify_due_run
from lienthong.notify.models import Message
from lienthong.org.models import HeadAssignment
from tests.notify.conftest import smtp  # noqa: F401 — the real SMTP server

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _letters() -> list[tuple[str, str]]:
    """Run notify's worker once; every escalation letter's (recipient, status)."""
    notify_due_run()
    letters = Message.objects.filter(kind="board_escalation", channel=MessageChannel.EMAIL).order_by("recipient", "pk")
    return list(letters.values_list("recipient", "status"))


def _state(system):
    agency = board_agencies(agency_ids=[system.agency_id])[0]
    return next(s for s in agency.systems if s.id == system.pk).state


def test_a_silent_unit_is_degraded_then_disconnected_then_escalated_once(province, system, smtp):  # noqa: F811
    # given a head in office at the commune centre, which has an address, and a monitoring office address
    centre = province["commune_centre"]
    centre.email = "ttpvhcc.tranbien@dongnai.example"
    centre.save()
    HeadAssignment.objects.create(agency=centre, full_name="Nguyễn Văn An", title="Giám đốc",
                                  starts_on=dt.date(2025, 7, 1))  # fmt: skip
    Rule.objects.create(key="board.monitoring_office_email", value="giamsat@dongnai.example")

    with time_machine.travel(START, tick=False) as clock:
        heartbeat_record(system=system, version="1.0", queue_depth=0)
        assert _state(system) == ConnectionState.CONNECTED

        # when it falls silent
        clock.shift(dt.timedelta(minutes=20))
        assert _state(system) == ConnectionState.DEGRADED
        clock.shift(dt.timedelta(minutes=50))
        assert _state(system) == ConnectionState.DISCONNECTED
        assert escalations_send() == []  # within the 24-hour grace period
        assert _letters() == [] and smtp.received == []

        # then past the grace period one letter goes to the head and the office, one message to each address
        clock.shift(dt.timedelta(hours=24))
        assert len(escalations_send()) == 1
        assert _letters() == [
            ("giamsat@dongnai.example", MessageStatus.DELIVERED),
            ("ttpvhcc.tranbien@dongnai.example", MessageStatus.DELIVERED),
        ]
        assert sorted(recipients for recipients, _m in smtp.received) == [
            ["giamsat@dongnai.example"], ["ttpvhcc.tranbien@dongnai.example"]
        ]  # fmt: skip
        for _recipients, message in smtp.received:
            assert "Nguyễn Văn An" in message.get_content()
            assert system.name in message["Subject"]

        # and only once for this outage
        clock.shift(dt.timedelta(hours=6))
        assert escalations_send() == []
        assert len(_letters()) == 2 and len(smtp.received) == 2

        # a new outage after it reconnects is escalated again
        heartbeat_record(system=system, version="1.0", queue_depth=0)
        assert _state(system) == ConnectionState.CONNECTED
        clock.shift(dt.timedelta(hours=26))
        assert len(escalations_send()) == 1
        assert len(_letters()) == 4 and len(smtp.received) == 4
        assert Escalation.objects.filter(system=system).count() == 2


def test_a_unit_never_connected_is_escalated_after_the_grace_period_from_its_creation(province, smtp):  # noqa: F811
    centre = province["centre"]
    centre.email = "ttpvhcc@dongnai.example"
    centre.save()
    with time_machine.travel(START, tick=False) as clock:
        silent = system_create(agency=centre, name="CSDL chuyên ngành", kind=SystemKind.SECTOR_DATABASE)
        assert _state(silent) == ConnectionState.NEVER
        clock.shift(dt.timedelta(hours=23))
        assert escalations_send() == []
        clock.shift(dt.timedelta(hours=2))
        assert [e.system_id for e in escalations_send()] == [silent.pk]
        assert _letters() == [("ttpvhcc@dongnai.example", MessageStatus.DELIVERED)]
        assert smtp.received[0][0] == ["ttpvhcc@dongnai.example"]


def test_two_systems_of_one_unit_down_together_make_one_letter_naming_both(province, smtp):  # noqa: F811
    centre = province["centre"]
    centre.email = "ttpvhcc@dongnai.example"
    centre.save()
    HeadAssignment.objects.create(
        agency=centre, full_name="Lê Thị Cúc", title="Giám đốc", starts_on=dt.date(2025, 7, 1)
    )
    with time_machine.travel(START, tick=False) as clock:
        one_stop = system_create(agency=centre, name="Một cửa tỉnh", kind=SystemKind.ONE_STOP)
        records = system_create(agency=centre, name="CSDL chuyên ngành", kind=SystemKind.SECTOR_DATABASE)
        heartbeat_record(system=one_stop, version="1.0", queue_depth=0)
        clock.shift(dt.timedelta(hours=26))
        escalated = escalations_send()
        assert _letters() == [("ttpvhcc@dongnai.example", MessageStatus.DELIVERED)]
    assert sorted(e.system_id for e in escalated) == sorted([one_stop.pk, records.pk])
    assert len(smtp.received) == 1
    _recipients, message = smtp.received[0]
    body = message.get_content()
    assert "Một cửa tỉnh" in body and "CSDL chuyên ngành" in body and "Lê Thị Cúc" in body
    assert "chưa từng gửi tín hiệu" in body and "(đã 26 giờ)" in body
    assert "2 hệ thống" in message["Subject"]


def test_the_board_of_the_whole_province_costs_the_same_queries_for_one_system_or_many(province, system):
    def cost():
        with CaptureQueriesContext(connection) as queries:
            board_agencies()
        return len(queries)

    one = cost()
    for n in range(6):
        other = system_create(agency=province["department"], name=f"Hệ thống {n}", kind=SystemKind.ONE_STOP)
        heartbeat_record(system=other, version="1", queue_depth=n)
    assert cost() == one <= 12  # 4 rules, agencies, systems, calls, reconciliations, national share and backlog


def test_a_mail_server_down_keeps_the_escalation_once_and_notify_sends_the_letter_when_it_is_back(province, smtp):  # noqa: F811
    centre = province["centre"]
    centre.email = "ttpvhcc@dongnai.example"
    centre.save()
    smtp.stop()
    with time_machine.travel(START, tick=False) as clock:
        silent = system_create(agency=centre, name="CSDL chuyên ngành", kind=SystemKind.SECTOR_DATABASE)
        clock.shift(dt.timedelta(hours=25))
        assert len(escalations_send()) == 1
        assert _letters() == [("ttpvhcc@dongnai.example", MessageStatus.CREATED)]  # refused: back to wait, retried
        [letter] = Message.objects.filter(kind="board_escalation")
        assert letter.attempts == 1 and "ConnectionRefusedError" in letter.changes.last().detail

        smtp.start()
        clock.shift(dt.timedelta(minutes=5))  # past the retry's backoff
        assert escalations_send() == []  # the escalation stands: the next run does not write a second letter
        assert _letters() == [("ttpvhcc@dongnai.example", MessageStatus.DELIVERED)]
    assert len(smtp.received) == 1 and Escalation.objects.filter(system=silent).count() == 1
