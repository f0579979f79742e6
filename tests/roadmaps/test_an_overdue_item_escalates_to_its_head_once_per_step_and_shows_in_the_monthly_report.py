"""An item past its due date on the legal clock (a due date on the National Day holidays moves to the next working
day) turns red, is e-mailed once to the head the board names, and is listed under its unit in the month's compliance
report; a second run sends nothing. Ten working days later the second step goes, once. The letters go through
notify's delivery model (one message per address, sent by notify's worker and retried by it)."""

import datetime as dt

import pytest
from django.core import mail

from lienthong.board.compliance import compliance_month
from lienthong.notify.constants import MessageStatus
from lienthong.notify.delivery import notify_due_run
from lienthong.notify.models import Message
from lienthong.roadmaps.constants import EvidenceKind, ItemKind, ItemStatus
from lienthong.roadmaps.escalation import escalations_send
from lienthong.roadmaps.evaluation import evidence_evaluate
from lienthong.roadmaps.models import ItemEscalation, RoadmapItem
from lienthong.roadmaps.services import due_compute, item_create, status_refresh
from tests.roadmaps.conftest import at

pytestmark = pytest.mark.django_db


def _run(now):
    status_refresh(items=list(RoadmapItem.objects.all()), now=now)
    evidence_evaluate(now=now)
    sent = escalations_send(now=now)
    notify_due_run()  # notify's worker sends what the run queued
    return sent


def _letters():
    return Message.objects.filter(kind="roadmap_escalation").order_by("recipient", "pk")


@pytest.fixture
def item(province, head):
    due = due_compute(given=dt.date(2026, 8, 31))  # Mon 31/8, Tue 1/9 and Wed 2/9 are days off in 2026
    return item_create(
        agency=province["commune_centre"],
        title="Phát hành biên lai điện tử",
        kind=ItemKind.E_RECEIPTS,
        legal_basis="Thông báo 408/TB-VPCP",
        due=due,
        evidence_kind=EvidenceKind.DOCUMENT,
    )


def test_the_due_date_on_a_holiday_moves_to_the_next_working_day(item):
    assert item.due_on == dt.date(2026, 9, 3)
    assert "03/09/2026" in item.due_note


def test_an_overdue_item_is_escalated_to_its_head_once(item):
    assert _run(at("2026-09-03", "16:00")) == []  # the due day itself: not late yet
    item.refresh_from_db()
    assert item.status != ItemStatus.RED

    sent = _run(at("2026-09-04"))

    item.refresh_from_db()
    assert item.status == ItemStatus.RED
    assert [(e.item_id, e.step, e.head_name) for e in sent] == [(item.pk, "overdue", "Trần Thị Bình")]
    assert [(m.recipient, m.status) for m in _letters()] == [
        ("giamdoc@tranbien.example", MessageStatus.DELIVERED),
        ("ttpvhcc@tranbien.example", MessageStatus.DELIVERED),
    ]
    assert sorted(letter.to for letter in mail.outbox) == [["giamdoc@tranbien.example"], ["ttpvhcc@tranbien.example"]]
    for letter in mail.outbox:
        assert "Phát hành biên lai điện tử" in letter.body and "Trần Thị Bình" in letter.body

    assert _run(at("2026-09-05")) == []  # the next run: nothing more
    assert len(mail.outbox) == 2 and _letters().count() == 2 and ItemEscalation.objects.count() == 1


def test_ten_working_days_later_the_second_step_goes_once(item):
    _run(at("2026-09-04"))
    assert _run(at("2026-09-17")) == []  # 10 working days after 3/9 is 17/9: not past it yet
    second = _run(at("2026-09-18"))
    assert [e.step for e in second] == ["overdue_10"]
    assert _run(at("2026-09-19")) == []
    assert len(mail.outbox) == 4 and _letters().count() == 4  # two steps, each to the agency and its head


def test_the_monthly_compliance_report_lists_the_overdue_item_under_its_unit(item, province):
    _run(at("2026-09-04"))
    report = compliance_month(2026, 9, now=at("2026-10-02"))
    line = next(line for line in report.noted if line.agency_id == province["commune_centre"].pk)
    assert line.head_name == "Trần Thị Bình"
    (note,) = line.notes
    assert "1 quá hạn" in note.label
    assert note.details == ("Quá hạn: Phát hành biên lai điện tử (hạn 03/09/2026)",)


def test_a_mail_server_down_keeps_the_step_once_and_notify_retries_the_letter(item, monkeypatch):
    from django.core.mail import EmailMessage

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError(111, "Connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMessage, "send", refuse)
        assert [e.step for e in _run(at("2026-09-04"))] == ["overdue"]
    assert ItemEscalation.objects.count() == 1 and mail.outbox == []
    assert {(m.status, m.attempts) for m in _letters()} == {(MessageStatus.CREATED, 1)}  # waiting for the retry

    Message.objects.filter(kind="roadmap_escalation").update(send_after=at("2026-09-04"))  # the backoff has passed
    assert _run(at("2026-09-04", "09:15")) == []  # the step stands: no second letter
    assert {(m.status, m.attempts) for m in _letters()} == {(MessageStatus.DELIVERED, 2)}
    assert len(mail.outbox) == 2
