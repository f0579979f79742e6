"""An item past its due date on the legal clock (a due date on the National Day holidays moves to the next working
day) turns red, is e-mailed once to the head the board names, and is listed under its unit in the month's compliance
report; a second run sends nothing. Ten working days later the second step goes, once."""

import datetime as dt

import pytest
from django.core import mail

from lienthong.board.compliance import compliance_month
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
    return escalations_send(now=now)


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
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert set(letter.to) == {"ttpvhcc@tranbien.example", "giamdoc@tranbien.example"}
    assert "Phát hành biên lai điện tử" in letter.body and "Trần Thị Bình" in letter.body

    assert _run(at("2026-09-05")) == []  # the next run: nothing more
    assert len(mail.outbox) == 1 and ItemEscalation.objects.count() == 1


def test_ten_working_days_later_the_second_step_goes_once(item):
    _run(at("2026-09-04"))
    assert _run(at("2026-09-17")) == []  # 10 working days after 3/9 is 17/9: not past it yet
    second = _run(at("2026-09-18"))
    assert [e.step for e in second] == ["overdue_10"]
    assert _run(at("2026-09-19")) == []
    assert len(mail.outbox) == 2


def test_the_monthly_compliance_report_lists_the_overdue_item_under_its_unit(item, province):
    _run(at("2026-09-04"))
    report = compliance_month(2026, 9, now=at("2026-10-02"))
    line = next(line for line in report.noted if line.agency_id == province["commune_centre"].pk)
    assert line.head_name == "Trần Thị Bình"
    (note,) = line.notes
    assert "1 quá hạn" in note.label
    assert note.details == ("Quá hạn: Phát hành biên lai điện tử (hạn 03/09/2026)",)


def test_a_mail_server_down_leaves_nothing_recorded_and_the_next_run_sends(item, monkeypatch):
    from django.core.mail import EmailMessage

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError(111, "Connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMessage, "send", refuse)
        assert _run(at("2026-09-04")) == []
    assert not ItemEscalation.objects.exists() and mail.outbox == []

    assert [e.step for e in _run(at("2026-09-04", "09:15"))] == ["overdue"]
    assert len(mail.outbox) == 1
