"""Issue 11 §14: one call may not ask unbounded work. A bulk body listing more than 5,000 actions in all (500 items
of 50 new actions were 25,000 transitions behind one request), a form of more than 64 KiB, or an action's list
past its bound is a 422 problem naming the limit — and nothing is written."""

import pytest

from lienthong.dossiers.models import Dossier
from lienthong.gateway.api.schemas import BulkIn

pytestmark = pytest.mark.django_db


def _item(new_dossier, n: int, actions: int) -> dict:
    return new_dossier(f"MC-{n}") | {"actions": [{"action": "receive"}] * actions}


def test_a_bulk_body_listing_more_than_5000_actions_is_refused_before_any_is_applied(api, local_procedure,
                                                                                      new_dossier):  # fmt: skip
    # given 101 items of 50 actions: 5,050 in all
    body = {"items": [_item(new_dossier, n, 50) for n in range(101)]}

    # when
    response = api.post("/dossiers/bulk", body)

    # then
    assert response.status_code == 422
    assert "quá 5000 thao tác cộng lại" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_bulk_body_of_exactly_5000_actions_is_valid(new_dossier):
    # the schema alone: applying 5,000 actions through the API would only make this test slow
    body = {"items": [_item(new_dossier, 0, 0)] + [_item(new_dossier, n, 50) for n in range(1, 101)]}

    assert sum(len(item.actions) for item in BulkIn.model_validate(body).items) == 5000


def test_form_data_of_more_than_64_kib_is_refused(api, local_procedure, new_dossier):
    body = new_dossier(form_data={"ho_ten": "Nguyễn Thị Hoa", "ghi_chu": "x" * (64 * 1024)})

    response = api.post("/dossiers", body)

    assert response.status_code == 422
    assert "lớn hơn giới hạn 64 KiB" in response.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("missing", ["x" * 501]), ("documents_present", list(range(201)))])
def test_an_actions_lists_are_bounded(api, local_procedure, new_dossier, field, value):
    api.post("/dossiers", new_dossier())
    code = Dossier.objects.get().code

    response = api.post(f"/dossiers/{code}/actions", {"action": "request_supplement", field: value})

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-2 if field == "missing" else -1] == field


@pytest.mark.parametrize(
    ("field", "value"),
    [("documents_present", [-6772727730651975573831680]), ("documents_present", [2**63]), ("step_id", 2**64),
     ("step_id", 0)],
)  # fmt: skip
def test_an_id_in_a_body_is_bounded_as_the_database_stores_it(api, local_procedure, new_dossier, field, value):
    # schemathesis sent a 26-digit id in `documents_present`: the driver overflowed (a 500 on SQLite)
    api.post("/dossiers", new_dossier())
    code = Dossier.objects.get().code

    response = api.post(f"/dossiers/{code}/actions", {"action": "receive", field: value})

    assert response.status_code == 422
    assert field in response.json()["errors"][0]["loc"]
