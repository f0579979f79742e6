"""New dossiers reported in bulk (nothing done yet, or received at the desk) are created as a set
(`dossiers.services.batch_intake`, called last by gateway/services/bulk.py): they must leave exactly what the per-item
path (`dossier_submit_online`, then `dossier_receive_submitted`) leaves — dossier fields, events and their payloads,
outbox rows, links and each item's answer, refused ones included — with a chain the audit accepts, consecutive
codes, and the agency's code counter taken once per batch, after every other write but the code's own rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.dossiers.models import Dossier, DossierCodeCounter, DossierEvent
from lienthong.dossiers.services.audit import audit_verify
from lienthong.gateway.models import SystemDossier
from lienthong.gateway.services import bulk
from tests.dossiers.conftest import procedure  # noqa: F401 — the routed procedure's fixture
from tests.gateway import test_bulk_updates_in_batch_equal_the_per_dossier_path as updates
from tests.gateway.test_bulk_updates_in_batch_equal_the_per_dossier_path import _answer, _assert_same, _dossier, _stored

pytestmark = pytest.mark.django_db
_frozen, per_item_path = updates._frozen, updates.per_item_path  # the same frozen clock and switch as for updates


def _item(new_dossier, external_id: str, actions: list[dict], **changes) -> dict:
    return new_dossier(external_id, **changes) | {"actions": actions}


RECEIVE = [{"action": "receive"}]
BATCH = {
    "submitted": ([], {}),
    "received": (RECEIVE, {}),
    "routed": (RECEIVE, {"procedure": "1.012753"}),  # another procedure: its own documents and appointment
    "documents": ([{"action": "receive", "documents_present": []}], {}),  # refused: the mandatory one missing
    "form": (RECEIVE, {"form_data": {"ho_ten": "X"}}),  # refused: the form fails its schema
    "bad": (RECEIVE, {"procedure": "9.999999"}),  # refused by the per-item path: unknown procedure
    "forwarded": ([*RECEIVE, {"action": "forward"}], {}),  # two actions: the per-item path
}


def _send_both(api, per_item_path, new_dossier, batch):
    def body(twin: str) -> dict:
        return {"items": [_item(new_dossier, f"{twin}-{key}", actions, **changes)
                          for key, (actions, changes) in batch.items()]}  # fmt: skip

    through_set = api.post("/dossiers/bulk", body("A"))
    with per_item_path:
        through_items = api.post("/dossiers/bulk", body("B"))
    assert through_set.status_code == through_items.status_code == 200
    return through_set.json()["items"], through_items.json()["items"]


@pytest.mark.usefixtures("procedure")
def test_creates_through_the_set_path_store_what_the_per_item_path_stores(
    api, local_procedure, new_dossier, per_item_path
):
    # when the same new dossiers are reported through both paths
    through_set, through_items = _send_both(api, per_item_path, new_dossier, BATCH)
    # then both answer alike, item by item, refusals included
    assert [_answer(i) for i in through_set] == [_answer(i) for i in through_items]
    assert [i["outcome"] for i in through_set] == ["created", "created", "created", "failed", "failed", "failed",
                                                   "created"]  # fmt: skip
    assert through_set[3]["problem"]["type"] == "urn:lienthong:problem:dossier.missing_documents"
    assert through_set[4]["problem"]["type"] == "urn:lienthong:problem:dossier.invalid_form_data"
    assert [i["status"] for i in through_set if i["outcome"] == "created"] == [
        "submitted", "received", "received", "processing"
    ]  # fmt: skip
    # and store the same rows: dossier, link, events with their payloads, outbox
    for key in BATCH:
        _assert_same(key)
    stored = _stored("A-received")
    assert [e[1] for e in stored["events"]] == ["submitted", "received"]
    assert stored["events"][1][7]["code"] == "<code>" and stored["outbox"], "the code is in the receipt, queued"
    assert _dossier("A-documents") is None and not SystemDossier.objects.filter(external_id="A-form").exists()
    assert audit_verify().ok


def _bulk_statements(captured) -> int:
    """The statements run, a bulk insert counted once: SQLite takes at most 999 parameters a statement, so Django
    splits the outbox rows of 20 receipts (one per subscriber of receipts) into consecutive INSERTs."""
    tables = [re.match(r'INSERT INTO "?(\w+)', q["sql"]) for q in captured.captured_queries]
    names = [match.group(1) if match else None for match in tables]
    return sum(1 for n, name in enumerate(names) if name is None or n == 0 or names[n - 1] != name)


@pytest.mark.usefixtures("still_recheck_clocks")
def test_a_batch_of_creates_takes_consecutive_codes_with_one_statement_after_the_dossiers_and_links(
    api, local_procedure, new_dossier
):
    api.post("/dossiers/bulk", {"items": [_item(new_dossier, "W-0", RECEIVE)]})  # caches warm, as in a server
    few = {"items": [_item(new_dossier, f"F-{n}", RECEIVE) for n in range(2)]}
    many = {"items": [_item(new_dossier, f"M-{n}", RECEIVE) for n in range(20)]}
    with CaptureQueriesContext(connection) as for_few:
        api.post("/dossiers/bulk", few)
    with CaptureQueriesContext(connection) as for_many:
        assert {i["outcome"] for i in api.post("/dossiers/bulk", many).json()["items"]} == {"created"}
    # the statements do not grow with the batch, and the counter is taken once, after the dossiers and links
    assert _bulk_statements(for_many) == _bulk_statements(for_few)
    counter = DossierCodeCounter._meta.db_table
    sql = [q["sql"] for q in for_many.captured_queries]
    taking = [n for n, text in enumerate(sql) if counter in text]
    assert len(taking) == 1
    inserts = [n for n, text in enumerate(sql) if text.startswith("INSERT INTO")]
    dossier_table, link_table = Dossier._meta.db_table, SystemDossier._meta.db_table
    assert max(n for n in inserts if f'"{dossier_table}"' in sql[n] or f"{link_table}" in sql[n]) < taking[0]
    # what follows is the code's rows only: events, their outbox rows, the dossiers' codes and heads
    written = (re.match(r'(?:INSERT INTO|UPDATE) "?(\w+)', text) for text in sql[taking[0] + 1 :])
    after = {match.group(1) for match in written if match}
    assert after <= {
        DossierEvent._meta.db_table,
        "dossiers_outboxmessage",
        dossier_table,
        "gateway_idempotencyrecord",
    }
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in Dossier.objects.values_list("code", flat=True))
    assert numbers == list(range(1, 24))


def test_the_same_creates_again_change_nothing(api, local_procedure, new_dossier):
    batch = {"items": [_item(new_dossier, f"N-{n}", RECEIVE) for n in range(3)]}
    first = api.post("/dossiers/bulk", batch).json()["items"]
    second = api.post("/dossiers/bulk", batch).json()["items"]
    assert [i["outcome"] for i in first] == ["created"] * 3
    assert [i["outcome"] for i in second] == ["unchanged"] * 3
    assert [i["code"] for i in second] == [i["code"] for i in first]
    assert Dossier.objects.count() == 3 and DossierEvent.objects.count() == 6


def test_a_batch_whose_external_id_was_taken_meanwhile_falls_back_to_the_per_item_path(
    api, local_procedure, new_dossier, monkeypatch
):
    # given a dossier the system has, which the batch will believe new (as if a concurrent call had just created it)
    first = api.post("/dossiers/bulk", {"items": [_item(new_dossier, "T-1", RECEIVE)]}).json()["items"][0]
    monkeypatch.setattr(bulk, "_batch_progress", lambda system, items: ({}, list(range(len(items)))))
    # when a batch creates it again beside a new one
    batch = {"items": [_item(new_dossier, "T-0", RECEIVE), _item(new_dossier, "T-1", RECEIVE)]}
    items = api.post("/dossiers/bulk", batch).json()["items"]
    # then the link's unique constraint undoes the whole batch, and the per-item path answers each as it would
    assert [i["outcome"] for i in items] == ["created", "unchanged"]
    assert items[1]["code"] == first["code"]
    assert Dossier.objects.count() == 2 and SystemDossier.objects.count() == 2
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in Dossier.objects.values_list("code", flat=True))
    assert numbers == [1, 2], "the undone batch took no number"
