"""The back office's menu and its pages' guards cannot drift apart (issue 11, item 3): for an officer of each role —
desk, specialist, leader, monitor, IT officer, administrator, at province and commune level — a superuser, a staff
member with no role and a citizen, every menu entry shown opens (200) and every door of `backoffice.menu.DOORS` the
menu leaves out is shut (403, on a page saying why; the admin: its own sign-in page). A door added to the menu is
walked here too."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lienthong.backoffice.menu import DOORS
from tests.backoffice.scope_given import as_officer

pytestmark = pytest.mark.django_db

OFFICERS = [
    "receiver@commune_centre", "receiver@centre", "specialist@department", "specialist@committee",
    "leader@department", "leader@committee", "monitor@centre", "monitor@commune_centre", "it_officer@centre",
    "administrator@centre",
]  # fmt: skip
MENU = re.compile(r'<nav class="menu"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"')


def _menu(page: str) -> set[str]:
    found = MENU.search(page)
    return set(LINK.findall(found.group(1))) if found else set()


def _people(officers) -> dict:
    users = get_user_model().objects
    return {key: officers[key] for key in OFFICERS} | {
        "superuser": users.create_superuser("quantri.cap.cao", password="mat-khau-dai-123"),
        "staff without a role": users.create_user("nhanvien.quantri", password="mat-khau-dai-123", is_staff=True),
        "no role (a citizen's account)": users.create_user("citizen-1", password="mat-khau-dai-123"),
    }


def _answer(client, url: str) -> str:
    """ "open", "shut", or what else the door said. Django's admin shuts its door its own way: to its sign-in page,
    which tells a signed-in person they may not enter and offers another account."""
    response = client.get(url)
    if response.status_code == 200:
        return "open"
    if response.status_code == 403 or (url == "/admin/" and response.url.startswith("/admin/login/")):
        return "shut"
    return f"HTTP {response.status_code}"


def _walk(client) -> tuple[set[str], dict[str, str]]:
    """The menu on the inbox (or on the page refusing it) and what each door answers."""
    shown = _menu(client.get(reverse("backoffice:inbox")).content.decode())
    return shown, {door.url: _answer(client, door.url) for door in DOORS}


def test_every_entry_shown_opens_and_every_door_left_out_is_shut(province, officers):
    people = _people(officers)
    menus = {}
    for who, user in people.items():
        shown, answers = _walk(as_officer(user))
        menus[who] = shown
        assert shown <= set(answers), (who, shown)
        for url, answer in answers.items():
            assert answer == ("open" if url in shown else "shut"), (who, url, answer, sorted(shown))
    # and the menus differ by role as the guards do: the walk above is not vacuous
    intake, board, pakn, admin = (reverse(name) for name in ("backoffice:intake", "board:board",
                                                             "complaints_backoffice:list", "admin:index"))  # fmt: skip
    assert intake in menus["receiver@commune_centre"] and intake not in menus["specialist@committee"]
    assert board in menus["monitor@centre"] and board not in menus["monitor@commune_centre"]
    assert board in menus["leader@department"] and board not in menus["leader@committee"]
    assert pakn in menus["specialist@committee"] and pakn not in menus["it_officer@centre"]
    assert menus["staff without a role"] == {admin} and menus["no role (a citizen's account)"] == set()
    assert menus["superuser"] == {door.url for door in DOORS}


def test_the_menu_costs_the_officer_no_query_beyond_the_pages_own(province, officers, django_assert_num_queries):
    # given a provincial leader, whose board entry depends on his agency's level
    client = as_officer(officers["leader@department"])
    client.get(reverse("board:board"))  # warm: the board's own page, not the menu, is measured elsewhere
    # when the intake's door refuses him, the page with its whole menu costs the session, the user and his roles
    with django_assert_num_queries(3):
        response = client.get(reverse("backoffice:intake"))
    assert response.status_code == 403 and reverse("board:board") in _menu(response.content.decode())
