"""Progress reported in bulk on dossiers the system already has is applied as a set (gateway/services/bulk.py); it
must leave exactly what the per-dossier path leaves — the same dossier fields, events, step instances and outbox
rows, and the same answer for every item, refused ones included — and a hash chain the audit accepts.

Each test builds twin dossiers (external ids `A-…` and `B-…`, same procedure, same history) with time frozen, sends
the same batch for the A twins through the set path and for the B twins through the per-item path, and compares."""

import datetime as dt
import json
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.catalogue.models import Field, Procedure, ProcedureVersion, ProcessStep
from lienthong.dossiers.models import Dossier, DossierEvent, OutboxMessage, StepInstance, Suspension
from lienthong.dossiers.services.audit import audit_verify
from lienthong.gateway.models import SystemDossier
from lienthong.gateway.services import bulk
from lienthong.org.constants import Level, Role
from tests.dossiers.conftest import FORM_SCHEMA, procedure  # noqa: F401 — the routed procedure's fixture

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
        for key in ("steps", "from", "to", "return_steps"):
            if isinstance(data.get(key), list):
                data[key] = [step | {"id": ordinal.get(step["id"])} for step in data[key]]
        for key in ("step", "return_step"):  # one step, named by its id
            if isinstance(data.get(key), dict):
                data[key] = data[key] | {"id": ordinal.get(data[key]["id"])}
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


@pytest.mark.usefixtures("still_recheck_clocks")
def test_a_batch_of_progress_costs_the_same_statements_for_many_dossiers_as_for_few(api, local_procedure, new_dossier):
    _twins(api, new_dossier, {str(n): (["receive"], {}) for n in range(12)})
    few = {"items": [_item(new_dossier, f"A-{n}", ["receive", "forward"]) for n in range(2)]}
    many = {"items": [_item(new_dossier, f"{twin}-{n}", ["receive", "forward"]) for twin in "AB" for n in range(2, 12)]}
    with CaptureQueriesContext(connection) as for_few:
        api.post("/dossiers/bulk", few)
    with CaptureQueriesContext(connection) as for_many:
        assert {i["outcome"] for i in api.post("/dossiers/bulk", many).json()["items"]} == {"updated"}
    assert _batch_statements(for_many) == _batch_statements(for_few), _difference(for_few, for_many)


def _difference(few: CaptureQueriesContext, many: CaptureQueriesContext) -> str:
    """Which statements one call made and the other did not (their first 80 characters), to name a flake's cause."""
    first = Counter(query["sql"][:80] for query in few.captured_queries)
    second = Counter(query["sql"][:80] for query in many.captured_queries)
    return f"only for few: {dict(first - second)}; only for many: {dict(second - first)}"


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


# -- the other transitions: a step completed or approved, the result returned, supplements ----------------------------

CHAIN = "9.000001"


@pytest.fixture
def chain_procedure(province):
    """A procedure done wholly at the commune's centre with a step, a parallel pair, an approval and the return."""
    centre = province["commune_centre"]
    version = ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(national_code=CHAIN, field=Field.objects.create(code="H19-X", name="X")),
        decision="QĐ 3/QĐ-UBND", name="Thủ tục nhiều bước", time_limit_value=Decimal(5),
        time_limit_unit="working_days", online_level="full", form_schema=FORM_SCHEMA,
    )  # fmt: skip
    steps = [
        (1, "Tiếp nhận", Role.RECEIVER, ["receive"], None),
        (2, "Kiểm tra", Role.SPECIALIST, ["process"], None),
        (3, "Thẩm định A", Role.SPECIALIST, ["process"], 1),
        (4, "Thẩm định B", Role.SPECIALIST, ["process"], 1),
        (5, "Phê duyệt", Role.LEADER, ["approve"], None),
        (6, "Trả kết quả", Role.RECEIVER, ["return_result"], None),
    ]
    for position, name, role, actions, group in steps:
        ProcessStep.objects.create(
            version=version, position=position, name=name, level=Level.COMMUNE, agency=centre, role=role,
            actions=actions, quota_hours=Decimal(4), parallel_group=group,
        )  # fmt: skip
    return version


APPROVE = {"action": "complete_step", "approve": True, "note": "Đồng ý"}
DONE = {"action": "complete_step", "note": "Đã kiểm tra"}
ASK = {"action": "request_supplement", "missing": [" Bản sao CCCD ", ""], "note": "Bổ sung trong 5 ngày"}
GOT = {"action": "supplement_received", "missing": ["Bản sao CCCD"], "note": "Đã nhận"}
TRANSITIONS = {  # way: {key: (history, the new action, item changes)}
    "complete_step": {
        "first": (["receive", "forward"], DONE, {"procedure": CHAIN}),  # opens the parallel pair
        "pair": (["receive", "forward", DONE], DONE, {"procedure": CHAIN}),  # the pair's other step still at work
        "last": (["receive", "forward", DONE, DONE, DONE], APPROVE, {"procedure": CHAIN}),  # result ready
        "approved": (["receive", "forward"], APPROVE, {}),  # the local procedure's only step: result ready
        "unapprovable": (["receive", "forward"], APPROVE, {"procedure": CHAIN}),  # refused: no approval there
        "unforwarded": (["receive"], DONE, {}),  # refused: not in processing
        "stranger": (["receive", "forward"], DONE | {"step_id": 999999}, {}),  # refused: no such active step
    },
    "return": {
        "at_desk": (
            ["receive", "forward", APPROVE],
            {"action": "return", "delivery": "at_desk", "note": "Đã trao"},
            {},
        ),
        "by_post": (
            ["receive", "forward", DONE, DONE, DONE, APPROVE],
            {"action": "return", "delivery": "by_post"},
            {"procedure": CHAIN},
        ),
        "unsigned": (["receive", "forward", APPROVE], {"action": "return"}, {}),  # refused: no electronic result
        "early": (["receive", "forward"], {"action": "return", "delivery": "at_desk"}, {}),  # refused: not ready
    },
    "request_supplement": {
        "submitted": ([], ASK, {}),  # asked at the desk, before receipt
        "received": (["receive"], ASK, {}),
        "processing": (["receive", "forward"], ASK, {"procedure": CHAIN}),
        "nothing": (["receive"], {"action": "request_supplement", "missing": [" "]}, {}),  # refused: no item named
        "twice": (["receive", ASK, GOT], ASK, {}),  # refused: asked once already
    },
    "supplement_received": {
        "submitted": ([ASK], GOT, {}),  # no clock before receipt
        "received": (["receive", ASK], GOT, {}),
        "processing": (["receive", "forward", ASK], GOT, {"procedure": CHAIN}),
        "not_asked": (["receive"], GOT, {}),  # refused: no supplement was asked
    },
}
REFUSED = {"unapprovable", "unforwarded", "stranger", "unsigned", "early", "nothing", "twice", "not_asked"}


def _acts(actions: list) -> list[dict]:
    return [{"action": a} if isinstance(a, str) else a for a in actions]


@pytest.mark.parametrize("way", list(TRANSITIONS))
def test_other_transitions_through_the_set_path_store_what_the_per_dossier_path_stores(
    api, local_procedure, chain_procedure, new_dossier, per_item_path, way, monkeypatch
):
    # given twins with each history (created, then brought there through the per-item path)
    cases = TRANSITIONS[way]
    items = [new_dossier(f"{twin}-{key}", **changes) | {"actions": _acts(history)}
             for key, (history, _action, changes) in cases.items() for twin in "AB"]  # fmt: skip
    assert {i["outcome"] for i in api.post("/dossiers/bulk", {"items": items}).json()["items"]} == {"created"}

    # when each is reported with its new action, the A twins through the set path, the B twins item by item
    def body(twin: str) -> dict:
        return {"items": [new_dossier(f"{twin}-{key}", **changes) | {"actions": _acts([*history, action])}
                          for key, (history, action, changes) in cases.items()]}  # fmt: skip

    through_batch: set[int] = set()

    def spy(**kwargs):
        through_batch.update(changed := progress_batch(**kwargs))
        return changed

    progress_batch = bulk.dossiers_progress_batch
    monkeypatch.setattr(bulk, "dossiers_progress_batch", spy)
    through_set = api.post("/dossiers/bulk", body("A")).json()["items"]
    monkeypatch.undo()
    with per_item_path:
        through_items = api.post("/dossiers/bulk", body("B")).json()["items"]

    # then both answer alike and store the same: dossier, steps, suspensions' effect, events, outbox
    assert [_answer(i) for i in through_set] == [_answer(i) for i in through_items]
    assert [i["outcome"] for i in through_set] == ["failed" if key in REFUSED else "updated" for key in cases]
    for key in cases:
        _assert_same(key)
        assert _suspensions(f"A-{key}") == _suspensions(f"B-{key}"), key
    changed = {_dossier(f"A-{key}").pk for key in cases if key not in REFUSED}
    assert through_batch == changed, "the set path changed them, not the per-item one"
    assert audit_verify().ok


def _suspensions(external_id: str) -> list[tuple]:
    return list(
        Suspension.objects.filter(dossier=_dossier(external_id))
        .order_by("id")
        .values_list("reason", "started_at", "ended_at", "resume_status")
    )


def test_transitions_through_the_set_path_move_the_dossiers_as_the_law_says(
    api, local_procedure, chain_procedure, new_dossier
):
    # given dossiers at each point of the chain procedure
    cases = {"first": ["receive", "forward"], "last": ["receive", "forward", DONE, DONE, DONE]}
    items = [new_dossier(key, procedure=CHAIN) | {"actions": _acts(history)} for key, history in cases.items()]
    api.post("/dossiers/bulk", {"items": items})
    # when each is completed in one batch
    items = [new_dossier(key, procedure=CHAIN) | {"actions": _acts([*history, APPROVE if key == "last" else DONE])}
             for key, history in cases.items()]  # fmt: skip
    assert {i["outcome"] for i in api.post("/dossiers/bulk", {"items": items}).json()["items"]} == {"updated"}
    # then the first opened the parallel pair, the last is ready for return at the desk's return step
    first, last = _stored("first"), _stored("last")
    assert [(s[2], s[8]) for s in first["steps"]] == [
        ("Kiểm tra", "done"), ("Thẩm định A", "active"), ("Thẩm định B", "active")
    ]  # fmt: skip
    assert [e[1] for e in first["events"]][-2:] == ["step_completed", "forwarded"]
    assert last["dossier"]["status"] == "result_ready" and last["dossier"]["finished_at"] == NOW
    assert [e[1] for e in last["events"]][-2:] == ["approved", "result_ready"]
    assert last["steps"][-1][2] == "Trả kết quả" and last["steps"][-1][8] == "active"
    assert last["dossier"]["next_due_at"] == last["steps"][-1][10]


@pytest.mark.usefixtures("still_recheck_clocks")
@pytest.mark.parametrize("way", ["complete_step", "request_supplement", "supplement_received", "return"])
def test_a_batch_of_each_transition_costs_the_same_statements_for_many_dossiers_as_for_few(
    api, local_procedure, new_dossier, way
):
    history, action = {
        "complete_step": (["receive", "forward"], APPROVE),
        "request_supplement": (["receive"], ASK),
        "supplement_received": (["receive", ASK], GOT),
        "return": (["receive", "forward", APPROVE], {"action": "return", "delivery": "at_desk"}),
    }[way]
    items = [new_dossier(f"D-{n}") | {"actions": _acts(history)} for n in range(12)]
    api.post("/dossiers/bulk", {"items": items})
    few = {"items": [new_dossier(f"D-{n}") | {"actions": _acts([*history, action])} for n in range(2)]}
    many = {"items": [new_dossier(f"D-{n}") | {"actions": _acts([*history, action])} for n in range(2, 12)]}
    with CaptureQueriesContext(connection) as for_few:
        assert {i["outcome"] for i in api.post("/dossiers/bulk", few).json()["items"]} == {"updated"}
    with CaptureQueriesContext(connection) as for_many:
        assert {i["outcome"] for i in api.post("/dossiers/bulk", many).json()["items"]} == {"updated"}
    assert _batch_statements(for_many) == _batch_statements(for_few), _difference(for_few, for_many)
