"""Periodic digests fold every event hash, so a dossier deleted with its whole trail is still detectable."""

import datetime as dt

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models import ChainDigest
from lienthong.dossiers.services.audit import audit_verify, chain_verify, digest_record, digest_verify
from tests.dossiers.audit_support import STEP, T0, advance, build_trails, delete_trail, event, sql

pytestmark = pytest.mark.django_db
LATER = T0 + dt.timedelta(hours=2)  # every event of the trails is well past the margin


@pytest.fixture
def trails(province, officers, procedure, applicant, form_data, documents):
    """Three dossiers, four events each, from T0 to T0 + 11 min, one minute apart."""
    return build_trails(province, officers, procedure, applicant, form_data, documents)


def test_a_digest_covers_the_events_older_than_the_margin(trails):
    # given twelve events at T0, T0 + 1 min, …, T0 + 11 min; now is T0 + 15 min
    with time_machine.travel(T0 + dt.timedelta(minutes=15), tick=False):
        digest = digest_record()

    # then the digest stops ten minutes short of now, leaving in-flight transactions time to commit
    assert digest.covers_from is None
    assert digest.covers_until == T0 + dt.timedelta(minutes=5)
    assert digest.event_count == 6
    assert digest.prev_digest == ""
    assert digest_verify() == []


def test_the_next_digest_continues_where_the_last_stopped(trails):
    first = digest_record(until=T0 + dt.timedelta(minutes=15))
    second = digest_record(until=LATER)
    assert (second.covers_from, second.covers_until) == (first.covers_until, LATER - dt.timedelta(minutes=10))
    assert (second.prev_digest, second.event_count) == (first.digest, 6)
    assert digest_verify() == []


def test_nothing_new_records_no_digest(trails):
    assert digest_record(until=T0 + dt.timedelta(minutes=5)) is None  # every event is within the margin
    assert digest_record(until=LATER) is not None
    assert digest_record(until=LATER + STEP) is None
    assert ChainDigest.objects.count() == 1


def test_a_dossier_deleted_with_its_whole_trail_is_caught_by_the_digest(trails):
    # given a digest over every event
    digest = digest_record(until=LATER)
    assert digest.event_count == 12

    # when someone deletes a dossier, its four events and everything pointing at it, straight in the database
    delete_trail(trails[1])

    # then no dossier chain notices, but the digest's period no longer adds up
    assert chain_verify() == []
    (found,) = digest_verify()
    assert (found.digest_id, found.covers_from, found.covers_until) == (digest.pk, None, digest.covers_until)
    assert found.reason == "đã ghi 12 sự kiện trong kỳ, nay có 8: sự kiện đã bị xóa hoặc thêm vào"
    assert str(found).startswith(f"Bản tóm tắt #{digest.pk} (kỳ từ đầu – 02/03/2026 10:50:00): ")


def test_a_replaced_event_hash_is_caught_by_the_digest(trails):
    digest_record(until=LATER)
    target = event(trails[0], 2)
    sql("UPDATE {event} SET hash = %s WHERE id = %s", ["f" * 64, target.pk])
    (found,) = digest_verify()
    assert found.reason == "mã tóm tắt không khớp các sự kiện trong kỳ: sự kiện hoặc bản tóm tắt đã bị sửa"


def test_a_tampered_digest_is_caught_and_so_is_the_link_to_it(trails):
    first = digest_record(until=T0 + dt.timedelta(minutes=15))
    second = digest_record(until=LATER)
    sql("UPDATE {digest} SET digest = %s WHERE id = %s", ["0" * 64, first.pk])
    assert [(b.digest_id, b.reason) for b in digest_verify()] == [
        (first.pk, "mã tóm tắt không khớp các sự kiện trong kỳ: sự kiện hoặc bản tóm tắt đã bị sửa"),
        (second.pk, f"không nối vào bản tóm tắt trước (#{first.pk}): bản tóm tắt bị sửa hoặc bị xóa"),
    ]


def test_a_digest_deleted_from_the_middle_is_caught(trails):
    digests = [digest_record(until=T0 + dt.timedelta(minutes=m)) for m in (13, 16, 30)]
    sql("DELETE FROM {digest} WHERE id = %s", [digests[1].pk])
    assert [b.digest_id for b in digest_verify()] == [digests[2].pk]


def test_deleting_the_first_digests_is_caught(trails):
    first = digest_record(until=T0 + dt.timedelta(minutes=15))
    digest_record(until=LATER)
    sql("DELETE FROM {digest} WHERE id = %s", [first.pk])
    (found,) = digest_verify()
    assert "các bản tóm tắt trước nó đã bị xóa" in found.reason


def test_an_event_that_appears_in_a_covered_period_is_caught(trails):
    # given a digest over every event
    digest_record(until=LATER)

    # when an event stamped inside that period appears afterwards — inserted by hand, or by a transaction that
    # stayed open longer than the margin (the false alarm the margin exists to prevent)
    with time_machine.travel(T0 + dt.timedelta(seconds=30), tick=False):
        advance(trails[0], status=Status.PROCESSING, kind=EventKind.ASSIGNED)

    # then the period no longer adds up, though the dossier's own chain is whole
    assert chain_verify() == []
    assert [b.reason for b in digest_verify()] == [
        "đã ghi 12 sự kiện trong kỳ, nay có 13: sự kiện đã bị xóa hoặc thêm vào"
    ]


def test_audit_verify_reports_both_kinds_of_break_with_counts(trails):
    digest_record(until=LATER)
    delete_trail(trails[0])
    sql("UPDATE {event} SET actor_label = %s WHERE id = %s", ["ai đó", event(trails[2], 1).pk])
    report = audit_verify()
    assert (report.dossiers, report.events, report.digests, report.ok) == (2, 8, 1, False)
    assert [(b.dossier_id, b.seq, b.digest_id is not None) for b in report.breaks] == [
        (trails[2].pk, 1, False),
        (None, None, True),
    ]
