"""Bulk upsert by the system's own ids: the first call creates and applies, the same batch again changes nothing,
a longer history applies only what is new, and a refused item does not undo the others."""

import pytest

from lienthong.dossiers.models import Dossier, DossierEvent

pytestmark = pytest.mark.django_db


def _item(new_dossier, external_id: str, *actions: str) -> dict:
    return new_dossier(external_id) | {"actions": [{"action": a} for a in actions]}


def test_the_same_batch_twice_creates_and_applies_once(api, local_procedure, new_dossier):
    batch = {"items": [_item(new_dossier, "A", "receive"), _item(new_dossier, "B")]}
    first = api.post("/dossiers/bulk", batch)
    second = api.post("/dossiers/bulk", batch)  # another Idempotency-Key: a real second call
    assert [i["outcome"] for i in first.json()["items"]] == ["created", "created"]
    assert [i["outcome"] for i in second.json()["items"]] == ["unchanged", "unchanged"]
    assert Dossier.objects.count() == 2 and DossierEvent.objects.count() == 3


def test_a_longer_history_applies_only_the_new_actions(api, local_procedure, new_dossier):
    api.post("/dossiers/bulk", {"items": [_item(new_dossier, "A", "receive")]})
    response = api.post("/dossiers/bulk", {"items": [_item(new_dossier, "A", "receive", "forward")]})
    item = response.json()["items"][0]
    assert (item["outcome"], item["actions_applied"], item["status"]) == ("updated", 1, "processing")


def test_a_refused_item_is_reported_and_the_others_are_kept(api, local_procedure, new_dossier):
    batch = {"items": [_item(new_dossier, "A", "receive"), _item(new_dossier, "B", "return"),
                       new_dossier("C", procedure="9.999999")]}  # fmt: skip
    items = api.post("/dossiers/bulk", batch).json()["items"]
    assert [i["outcome"] for i in items] == ["created", "failed", "failed"]
    assert items[1]["problem"]["type"] == "urn:lienthong:problem:dossier.not_allowed_in_status"
    assert items[2]["problem"]["type"] == "urn:lienthong:problem:gateway.unknown_procedure"
    assert list(Dossier.objects.values_list("system_links__external_id", flat=True)) == ["A"]
