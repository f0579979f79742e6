"""The 500 page is what an officer sees when the database is what failed: it is rendered from its template alone —
no session, user, menu or query — so it still says, in the chosen language, that the fault is the system's and what
to do (issue 11, item 3)."""

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.errors.conftest import visitor

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Call it to make every later attempt to reach the database fail; it returns the attempts, counted."""
    attempts = []

    def refuse(self, *args, **kwargs):
        attempts.append(self.alias)
        raise OperationalError("could not connect to server")

    def down() -> list:
        monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
        return attempts

    return down


@pytest.mark.parametrize(("language", "heading"), [("vi", "Hệ thống gặp sự cố"), ("en", "Something went wrong")])
def test_a_signed_in_officer_meets_the_500_page_when_the_database_is_down(officers, database_down, language, heading):
    # given an officer signed in (the session is in the database) and then the database gone
    client = visitor(language)
    client.force_login(officers["receiver@commune_centre"])
    attempts = database_down()
    # when a back-office page needs it
    response = client.get("/backoffice/hong/")
    # then the 500 page shows, in the back office's style and the chosen language, and asked nothing of the database
    page = response.content.decode()
    assert response.status_code == 500
    assert heading in page and '<header class="top">' in page and f'<html lang="{language}">' in page
    assert "/static/backoffice/backoffice.css" in page
    assert attempts == []  # the failing view raised on its own; rendering the page tried no query


def test_a_session_that_cannot_be_read_gets_the_page_too(officers, database_down):
    # given a signed-in officer whose session cannot be read any more
    client = visitor("vi")
    client.force_login(officers["receiver@commune_centre"])
    attempts = database_down()
    # when he opens his inbox, whose guard reads the session first
    response = client.get("/backoffice/")
    # then the 500 page shows, and the one attempt was the session's: the page itself asked nothing
    assert response.status_code == 500 and "Hệ thống gặp sự cố" in response.content.decode()
    assert len(attempts) == 1
