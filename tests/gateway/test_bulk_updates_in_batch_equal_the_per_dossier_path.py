"""Progress reported in bulk on dossiers the system already has is applied as a set (gateway/services/bulk.py); it
must leave exactly what the per-dossier path leaves — the same dossier fields, events, step instances and outbox
rows, and the same answer for every item, refused ones included — and a hash chain the audit accepts.

Each test builds twin dossiers (external ids `A-…` and `B-…`, same procedure, same history) with time frozen, sends
the same batch for the A twins through the set path and for the B twins through the per-item path, and compares."""

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.dossiers.models import Dossier, DossierEvent, OutboxMessage, StepInstance
from lienthong.dossiers.services.audit import audit_verify
from lienthong.gateway.models import SystemDossier
from lienthong.gateway.services import bulk
from tests.dossiers.conftest import procedure  # noqa: F401 — the routed procedure's fixture

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)  # a Tuesday, in working hours


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def per_item_path(monkeypatch):
    """Within the block, the bulk upsert takes no item as a set: every item goes through `_upsert_one`."""

    class Switch:
        def __enter__(self):
            monkeypatch.setattr(bulk, "_batch_progress", lambda system, items: ({}, []))

        def __exit__(self, *exc):
            monkeypatch.undo()

    return Switch()


def _item(new_dossier, external_id: str, actions: list[str], **changes) -> dict:
    return new_dossier(external_id, **changes) | {"actions": [{"action": a} for a in actions]}


def _twins(api, new_dossier, history: dict[str, tuple[list[str], dict]]) -> None:
    """Create the A and B twin of each key with its history (both through the same path, the batch of creates)."""
    items = [
        _item(new_dossier, f"{twin}-{key}", actions, **changes)
        for key, (actions, changes) in history.items()
        for twin in "AB"
    ]
    for item in api.post("/dossiers/bulk", {"items": items}).json()["items"]:
        assert item["outcome"] in {"created", "failed"}, item


def _send_both(api, per_item_path, new_dossier, batch: dict[str, tuple[list[str], dict]], repeat: int = 1):
    """The batch for the A twins through the set path, then for the B twins through the per-item path."""

    def body(twin: str) -> dict:
        return {"items": [_item(new_dossier, f"{twin}-{key}", actions, **changes)
                          for key, (actions, changes) in batch.items() for _ in range(repeat)]}  # fmt: skip

    through_set = api.post("/dossiers/bulk", body("A"))
    with per_item_path:
        through_items = api.post("/dossiers/bulk", body("B"))
    assert through_set.status_code == through_items.status_code == 200
    return through_set.json()["items"], through_items.json()["items"]


def _dossier(external_id: str) -> Dossier | None:
    link = SystemDossier.objects.filter(external_id=external_id).select_related("dossier").first()
    return link.dossier if link else None


def _stored(external_id: str) -> dict[str, Any]:
    """Everything the paths write for a dossier, without its ids, code and hashes (which differ between twins)."""
    dossier = _dossier(external_id)
    if dossier is None:
        return {}
    steps = list(StepInstance.objects.filter(dossier=dossier).order_by("id"))
    ordinal = {step.pk: n for n, step in enumerate(steps)}
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))

    def payload(event: DossierEvent) -> dict:
        data = dict(event.payload)
        for key in ("steps", "from", "to"):
            if isinstance(data.get(key), list):
                data[key] = [step | {"id": ordinal.get(step["id"])} for step in data[key]]
        return json.loads(json.dumps(data).replace(dossier.code or "<none>", "<code>"))

    return {
        "dossier": {field: getattr(dossier, field) for field in (
            "status", "agency_id", "procedure_version_id", "received_at", "due_at", "original_due_at", "finished_at",
            "returned_at", "submitted_at", "supplement_count", "apology_count", "event_seq", "updated_at",
            "next_due_at",
        )},
        "link": SystemDossier.objects.get(external_id=external_id).actions_applied,
        "events": [
            (e.seq, e.kind, e.at, e.actor_id, e.actor_label, e.status_before, e.status_after, payload(e))
            for e in events
        ],
        "steps": [
            (s.step_id, s.kind, s.name, s.position, s.parallel_group, s.agency_id, s.role, s.assignee_id, s.state,
             s.started_at, s.due_at, s.finished_at, s.note)
            for s in steps
        ],
        "outbox": sorted(
            (m.event.seq, m.topic, m.available_at, m.attempts, m.delivered_at, m.dead_at)
            for m in OutboxMessage.objects.filter(event__dossier=dossier).select_related("event")
        ),
    }  # fmt: skip


def _assert_same(key: str) -> None:
    through_set, through_items = _stored(f"A-{key}"), _stored(f"B-{key}")
    assert through_set.keys() == through_items.keys(), key
    for part in through_set:
        if isinstance(through_set[part], list):
            assert len(through_set[part]) == len(through_items[part]), (key, part)
            for row_set, row_items in zip(through_set[part], through_items[part], strict=True):
                assert row_set == row_items, (key, part)
        else:
            assert through_set[part] == through_items[part], (key, part)


def _answer(item: dict) -> dict:
    """An item's answer with the twin's own external id, code and detail text reduced to what they stand for."""
    dossier = _dossier(item["external_id"])
    text = str(item)
    if dossier is not None and dossier.code:
        assert item.get("code") in (None, dossier.code)
        text = text.replace(dossier.code, "<code>")
    return {"text": text.replace(item["external_id"], "<id>")}


HISTORY = {
    "local": (["receive"], {}),
    "routed": (["receive"], {"procedure": "1.012753"}),  # step 2 at "the commune's people's committee": routing
    "submitted": ([], {}),
    "several": ([], {}),
    "processing": (["receive", "forward"], {}),
}


@pytest.mark.usefixtures("procedure")
def test_forwards_through_the_set_path_store_what_the_per_dossier_path_stores(
    api, province, local_procedure, new_dossier, per_item_path
):
    # given twins received (two procedures), one only submitted, one already forwarded
    _twins(api, new_dossier, HISTORY)
    # when each is reported forwarded (and the forwarded one sent again as it was)
    batch = {
        "local": (["receive", "forward"], {}),
        "routed": (["receive", "forward"], {"procedure": "1.012753"}),
        "processing": (["receive", "forward"], {}),
    }
    through_set, through_items = _send_both(api, per_item_path, new_dossier, batch)
    # then both paths answer alike and store the same
    assert [_answer(i) for i in through_set] == [_answer(i) for i in through_items]
    assert [i["outcome"] for i in through_set] == ["updated", "updated", "unchanged"]
    for key in HISTORY:
        _assert_same(key)
    assert _stored("A-local")["outbox"], "forwarded events are queued for their subscribers"
    assert [s[5] for s in _stored("A-routed")["steps"]] == [province["committee"].pk]  # the ward's committee


def test_a_batch_mixing_good_and_refused_items_answers_each_as_the_per_item_path_and_keeps_only_the_good(
    api, local_procedure, new_dossier, per_item_path
):
    # given twins: received, only submitted (twice), already forwarded
    _twins(api, new_dossier, HISTORY)
    batch = {
        "local": (["receive", "forward"], {}),
        "submitted": (["forward"], {}),  # refused by forwarding's rule: the dossier is not received
        "several": (["receive", "forward"], {}),  # two new actions: the per-item path applies them
        "processing": (["receive", "forward", "forward"], {}),  # refused: already in processing
        "new": (["receive"], {}),  # created on the way
        "bad": ([], {"procedure": "9.999999"}),  # refused: unknown procedure
    }
    # when
    through_set, through_items = _send_both(api, per_item_path, new_dossier, batch)
    # then
    assert [_answer(i) for i in through_set] == [_answer(i) for i in through_items]
    assert [i["outcome"] for i in through_set] == ["updated", "failed", "updated", "failed", "created", "failed"]
    assert through_set[1]["problem"]["type"] == "urn:lienthong:problem:dossier.not_allowed_in_status"
    assert (through_set[2]["actions_applied"], through_set[2]["status"]) == (2, "processing")
    for key in [*HISTORY, "new", "bad"]:
        _assert_same(key)
    assert _stored("A-submitted")["link"] == 0 and _stored("A-processing")["link"] == 2


def test_an_external_id_twice_in_one_batch_is_applied_in_order_as_before(
    api, local_procedure, new_dossier, per_item_path
):
    _twins(api, new_dossier, {"twice": (["receive"], {})})
    through_set, through_items = _send_both(api, per_item_path, new_dossier, {"twice": (["receive", "forward"], {})},
                                            repeat=2)  # fmt: skip
    assert [_answer(i) for i in through_set] == [_answer(i) for i in through_items]
    assert [i["outcome"] for i in through_set] == ["updated", "unchanged"]
    _assert_same("twice")


@pytest.mark.usefixtures("procedure")
def test_the_chain_the_set_path_writes_passes_the_audit(api, local_procedure, new_dossier):
    _twins(api, new_dossier, {"local": (["receive"], {}), "routed": (["receive"], {"procedure": "1.012753"})})
    items = [_item(new_dossier, f"{twin}-local", ["receive", "forward"]) for twin in "AB"] + [
        _item(new_dossier, f"{twin}-routed", ["receive", "forward"], procedure="1.012753") for twin in "AB"
    ]
    assert {i["outcome"] for i in api.post("/dossiers/bulk", {"items": items}).json()["items"]} == {"updated"}
    report = audit_verify()
    assert report.ok, report


def test_the_same_progress_batch_again_changes_nothing(api, local_procedure, new_dossier):
    _twins(api, new_dossier, {str(n): (["receive"], {}) for n in range(3)})
    batch = {"items": [_item(new_dossier, f"A-{n}", ["receive", "forward"]) for n in range(3)]}
    first = api.post("/dossiers/bulk", batch).json()["items"]
    events = DossierEvent.objects.count()
    second = api.post("/dossiers/bulk", batch).json()["items"]  # another Idempotency-Key: a real second call
    replay = api.post("/dossiers/bulk", batch, key="same-key")
    assert api.post("/dossiers/bulk", batch, key="same-key").content == replay.content  # the stored answer
    assert [i["outcome"] for i in first] == ["updated"] * 3
    assert [i["outcome"] for i in second] == ["unchanged"] * 3
    assert [(i["status"], i["code"]) for i in second] == [(i["status"], i["code"]) for i in first]
    assert DossierEvent.objects.count() == events


def test_a_batch_of_progress_costs_the_same_statements_for_many_dossiers_as_for_few(api, local_procedure, new_dossier):
    _twins(api, new_dossier, {str(n): (["receive"], {}) for n in range(12)})
    few = {"items": [_item(new_dossier, f"A-{n}", ["receive", "forward"]) for n in range(2)]}
    many = {"items": [_item(new_dossier, f"{twin}-{n}", ["receive", "forward"]) for twin in "AB" for n in range(2, 12)]}
    with CaptureQueriesContext(connection) as for_few:
        api.post("/dossiers/bulk", few)
    with CaptureQueriesContext(connection) as for_many:
        assert {i["outcome"] for i in api.post("/dossiers/bulk", many).json()["items"]} == {"updated"}
    assert _batch_statements(for_many) == _batch_statements(for_few)


def _batch_statements(captured: CaptureQueriesContext) -> int:
    """The statements of the call, without the key's `last_used_at`, written once a minute by whichever call
    crosses the minute (on a loaded machine, either of the two)."""
    return sum("last_used_at" not in query["sql"] for query in captured.captured_queries)


def _ending(new_dossier, twin: str, key: str, history: list[str], action: dict) -> dict:
    return new_dossier(f"{twin}-{key}") | {"actions": [*({"action": a} for a in history), action]}


ENDINGS = {  # key: (history, the new action), on twins received ("local"), submitted, in processing
    "local": (["receive"], {"action": "refuse", "reason": "Hồ sơ không đủ điều kiện"}),
    "submitted": ([], {"action": "refuse", "reason": "  Thiếu giấy tờ  "}),  # refused at receipt, reason trimmed
    "processing": (["receive", "forward"], {"action": "withdraw", "reason": "Người nộp rút"}),
    "several": ([], {"action": "withdraw"}),  # withdrawn before receipt, no reason
    "unreasoned": (["receive"], {"action": "refuse", "reason": " "}),  # refused by the rule: a reason is required
}


@pytest.mark.parametrize("way", ["refuse", "withdraw"])
def test_endings_through_the_set_path_store_what_the_per_dossier_path_stores(
    api, local_procedure, new_dossier, per_item_path, way, monkeypatch
):
    # given twins received, only submitted, in processing (with an active step to cancel)
    history = {**HISTORY, "unreasoned": (["receive"], {})}
    _twins(api, new_dossier, history)
    endings = {key: value for key, value in ENDINGS.items() if value[1]["action"] == way or key == "unreasoned"}

    # when each is reported refused or withdrawn, through both paths
    def body(twin: str) -> dict:
        return {"items": [_ending(new_dossier, twin, key, h, action) for key, (h, action) in endings.items()]}

    ended_by_set: set[int] = set()

    def spy(**kwargs):
        ended_by_set.update(closed := close_batch(**kwargs))
        return closed

    close_batch = bulk.dossiers_close_batch
    monkeypatch.setattr(bulk, "dossiers_close_batch", spy)
    through_set = api.post("/dossiers/bulk", body("A")).json()["items"]
    monkeypatch.undo()
    with per_item_path:
        through_items = api.post("/dossiers/bulk", body("B")).json()["items"]

    # then both answer alike and store the same: status, finish, steps cancelled, events, outbox
    assert [_answer(i) for i in through_set] == [_answer(i) for i in through_items]
    expected = {"refuse": ["updated", "updated", "failed"], "withdraw": ["updated", "updated", "failed"]}[way]
    assert [i["outcome"] for i in through_set] == expected
    assert through_set[-1]["problem"]["type"] == "urn:lienthong:problem:dossier.reason_required"
    for key in history:
        _assert_same(key)
    ended = [key for key in endings if key != "unreasoned"]
    assert ended_by_set == {_dossier(f"A-{key}").pk for key in ended}, "the set path ended them, not the per-item one"
    assert {_stored(f"A-{key}")["dossier"]["status"] for key in ended} == {
        "refused" if way == "refuse" else "withdrawn"
    }
    if way == "withdraw":
        assert [s[8] for s in _stored("A-processing")["steps"]] == ["cancelled"]
    assert audit_verify().ok
