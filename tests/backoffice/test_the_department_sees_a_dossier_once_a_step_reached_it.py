"""Handlers see the dossiers their agency has work on (issue 3, item 7): the department's specialist and leader do
not see a commune's dossier while it is at the desk or at the commune's step, see it as soon as one of its steps
reaches the department, and keep seeing it once their part is done."""

import pytest
from django.urls import reverse

from lienthong.dossiers.selectors import Box
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import as_officer, dossier_url

pytestmark = pytest.mark.django_db
DEPARTMENT = ("specialist@department", "leader@department")


def _seen(client, dossier) -> dict[str, bool]:
    """Where the officer meets the dossier: its page, each of their boxes, the search by its code."""
    link = f'href="{dossier_url(dossier)}"'
    seen = {"page": client.get(dossier_url(dossier)).status_code == 200}
    for box in (Box.MINE, Box.AGENCY):
        seen[box] = link in client.get(reverse("backoffice:inbox"), {"box": box}).content.decode()
    seen["search"] = link in client.get(reverse("backoffice:search"), {"q": dossier.code}).content.decode()
    return seen


def test_the_department_sees_the_dossier_only_once_a_step_reached_it(province, officers, procedure):
    clients = {key: as_officer(officers[key]) for key in DEPARTMENT}
    nowhere = {"page": False, Box.MINE: False, Box.AGENCY: False, "search": False}
    # given a dossier at the commune's desk, then at the commune committee's step
    dossier = given.receive(province, officers, procedure)
    assert {key: _seen(c, dossier) for key, c in clients.items()} == dict.fromkeys(DEPARTMENT, nowhere)
    given.forward_from_desk(officers, dossier)
    assert {key: _seen(c, dossier) for key, c in clients.items()} == dict.fromkeys(DEPARTMENT, nowhere)

    # when the committee completes its step and the department's steps open
    dossier = given.complete(officers, dossier, "specialist@committee", "Xác nhận")

    # then the department's specialist finds it in their own box, its leader in the agency's
    specialist = _seen(clients["specialist@department"], dossier)
    assert specialist == {"page": True, Box.MINE: True, Box.AGENCY: True, "search": True}
    leader = _seen(clients["leader@department"], dossier)
    assert leader == {"page": True, Box.MINE: False, Box.AGENCY: True, "search": True}
    # and, their part done and the result back at the desk, they still read it (not in their boxes)
    dossier = given.complete(officers, dossier, "specialist@department", "Thẩm định")
    dossier = given.complete(officers, dossier, "specialist@department", "Xác định nghĩa vụ")
    dossier = given.complete(officers, dossier, "leader@department", "Phê duyệt", approve=True)
    for client in clients.values():
        assert _seen(client, dossier) == {"page": True, Box.MINE: False, Box.AGENCY: False, "search": True}
