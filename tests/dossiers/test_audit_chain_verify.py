"""`chain_verify` recomputes every dossier's hash chain from the stored rows and names the first broken link."""

import pytest

from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.services.audit import audit_verify, chain_verify
from lienthong.dossiers.services.eventlog import event_canonical, event_hash
from tests.dossiers.audit_support import advance, build_trails, delete_events, event, payload_json, sql

pytestmark = pytest.mark.django_db


@pytest.fixture
def trails(province, officers, procedure, applicant, form_data, documents):
    """Three received dossiers with four events each, interleaved in time."""
    return build_trails(province, officers, procedure, applicant, form_data, documents)


def test_clean_chains_of_several_dossiers_pass(trails):
    report = audit_verify()
    assert (report.dossiers, report.events, report.breaks) == (3, 12, [])
    assert chain_verify() == []


def test_an_altered_payload_is_reported_at_exactly_its_row_and_seq(trails):
    # given someone edits what the second event of the second dossier says
    target = event(trails[1], 2)
    sql("UPDATE {event} SET payload = {json} WHERE id = %s", [payload_json({"assignee": "người khác"}), target.pk])

    # then that row, and only that row, is reported
    (found,) = chain_verify()
    assert (found.dossier_id, found.dossier_code, found.event_id, found.seq) == (
        trails[1].pk, trails[1].code, target.pk, 2,
    )  # fmt: skip
    assert found.reason == "nội dung không khớp mã băm: sự kiện đã bị sửa sau khi ghi"
    assert str(found) == (
        f"Hồ sơ {trails[1].code} (#{trails[1].pk}), sự kiện #{target.pk} (số 2): "
        "nội dung không khớp mã băm: sự kiện đã bị sửa sau khi ghi"
    )


def test_an_altered_status_after_is_reported(trails):
    target = event(trails[0], 3)
    sql("UPDATE {event} SET status_after = %s WHERE id = %s", ["returned", target.pk])
    (found,) = chain_verify()
    assert (found.event_id, found.seq) == (target.pk, 3)
    assert "nội dung không khớp mã băm" in found.reason


def test_a_deleted_middle_event_reports_the_missing_seq(trails):
    after = event(trails[2], 4)
    delete_events("id = %s", [event(trails[2], 3).pk])
    (found,) = chain_verify()
    assert (found.dossier_id, found.event_id, found.seq) == (trails[2].pk, after.pk, 4)
    assert found.reason == "thiếu sự kiện số 3"


def test_two_deleted_events_are_named_as_a_range(trails):
    delete_events("dossier_id = %s AND seq IN (2, 3)", [trails[0].pk])
    (found,) = chain_verify()
    assert (found.seq, found.reason) == (4, "thiếu các sự kiện số 2 đến 3")


def test_swapped_hashes_are_reported_at_the_first_of_the_two(trails):
    second, third = event(trails[0], 2), event(trails[0], 3)
    sql("UPDATE {event} SET hash = %s WHERE id = %s", [third.hash, second.pk])
    sql("UPDATE {event} SET hash = %s WHERE id = %s", [second.hash, third.pk])
    (found,) = chain_verify()
    assert (found.event_id, found.seq) == (second.pk, 2)


def test_a_rewritten_event_with_a_recomputed_hash_breaks_the_next_link(trails):
    # given someone who knows the hashing rewrites event 2 and gives it a matching hash
    target = event(trails[1], 2)
    forged_payload = {"assignee": "người khác", "step": 2}
    forged = event_hash(target.prev_hash, event_canonical(
        dossier_id=target.dossier_id, seq=2, kind=target.kind, at=target.at, actor_id=target.actor_id,
        actor_label=target.actor_label, status_before=target.status_before, status_after=target.status_after,
        payload=forged_payload,
    ))  # fmt: skip
    sql(
        "UPDATE {event} SET payload = {json}, hash = %s WHERE id = %s",
        [payload_json(forged_payload), forged, target.pk],
    )

    # then event 3 no longer links to it
    (found,) = chain_verify()
    assert (found.event_id, found.seq) == (event(trails[1], 3).pk, 3)
    assert found.reason == "prev_hash không khớp mã băm của sự kiện số 2"


def test_a_deleted_last_event_leaves_the_dossier_head_past_the_end(trails):
    last_kept = event(trails[0], 3)
    delete_events("id = %s", [event(trails[0], 4).pk])
    (found,) = chain_verify()
    assert (found.event_id, found.seq) == (last_kept.pk, 3)
    assert found.reason == "đầu chuỗi của hồ sơ trỏ tới sự kiện số 4, quá sự kiện cuối cùng (số 3)"


def test_an_altered_head_hash_is_reported(trails):
    sql("UPDATE {dossier} SET event_head = %s WHERE id = %s", ["0" * 64, trails[2].pk])
    (found,) = chain_verify()
    assert (found.dossier_id, found.seq) == (trails[2].pk, 4)
    assert found.reason == "đầu chuỗi của hồ sơ không khớp mã băm của sự kiện cuối cùng"


def test_a_dossier_kept_without_any_of_its_events_is_reported(trails):
    delete_events("dossier_id = %s", [trails[1].pk])
    (found,) = chain_verify()
    assert (found.dossier_id, found.dossier_code, found.event_id, found.seq) == (trails[1].pk, trails[1].code, None,
                                                                                None)  # fmt: skip
    assert found.reason == "đầu chuỗi của hồ sơ trỏ tới sự kiện số 4 nhưng hồ sơ không còn sự kiện nào"


def test_only_the_first_break_of_a_dossier_is_reported_and_each_dossier_is_checked(trails):
    sql("UPDATE {event} SET kind = %s WHERE dossier_id = %s AND seq IN (2, 3)", ["refused", trails[0].pk])
    sql("UPDATE {event} SET actor_label = %s WHERE dossier_id = %s AND seq = 4", ["ai đó", trails[2].pk])
    assert [(b.dossier_id, b.seq) for b in chain_verify()] == [(trails[0].pk, 2), (trails[2].pk, 4)]


def test_only_the_given_dossiers_are_checked(trails):
    sql("UPDATE {event} SET at = %s WHERE id = %s", [event(trails[0], 1).at.replace(year=2020), event(trails[0], 1).pk])
    assert chain_verify(dossier_ids=[trails[1].pk, trails[2].pk]) == []
    assert [b.dossier_id for b in chain_verify(dossier_ids=[trails[0].pk])] == [trails[0].pk]


@pytest.mark.parametrize("value", [0.1, 1.0, 100.0, 1.5e-7, 10**30, 123456789.123456789, "e\u0301 \u2028 😀"])
def test_payload_values_hash_the_same_after_the_round_trip_through_the_database(trails, value):
    advance(trails[0], status=Status.PROCESSING, kind=EventKind.ASSIGNED, payload={"v": value, "list": [value]})
    assert chain_verify() == []


@pytest.mark.parametrize("value", [1e20, -0.0])
def test_floats_that_jsonb_rewrites_hash_the_same(trails, value):
    advance(trails[0], status=Status.PROCESSING, kind=EventKind.ASSIGNED, payload={"v": value})
    assert chain_verify() == []
