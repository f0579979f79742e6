"""Issue 11 item 22: two clicks on "Nộp hồ sơ" that both read the open draft — the second one waits for the first
one's lock and then finds the draft submitted. It must land on the confirmation of the dossier the draft became,
never on "draft not found"; and only one dossier exists.

Sequentially (any database): the second submission is injected between the page's read of the draft and its call to
the service, the critical point. On PostgreSQL: two real requests in two threads that both read the draft first."""

import os
import threading

import pytest
from django.db import connection
from django.test import Client

from lienthong.dossiers.models import Dossier
from lienthong.submission import selectors
from lienthong.submission import views as submission_views

from .given import answers, draft_started, mandatory_files


def _ready_to_submit(client, procedure, province):
    draft = draft_started(client, procedure)
    checked = client.post(f"/nop-ho-so/nhap/{draft.pk}/",
                          {**answers(province), "action": "review", **mandatory_files(procedure)})  # fmt: skip
    assert checked.status_code == 302, checked.content.decode()[:800]
    return draft


def test_the_second_click_that_read_the_draft_before_the_first_committed_gets_the_confirmation(
    phone, laptop, citizen, province, officers, procedure, monkeypatch
):
    # given: a draft ready to submit, and a second click (laptop) that submits it just after the first (phone)
    # has read the draft and before it calls the service
    draft = _ready_to_submit(phone, procedure, province)
    read_draft = selectors.draft_of
    injected = []

    def read_then_the_other_click_wins(*, user, draft_id):
        found = read_draft(user=user, draft_id=draft_id)
        if not injected:
            injected.append(None)  # the other click reads the draft through here too: only once
            injected[0] = laptop.post(f"/nop-ho-so/nhap/{draft_id}/xem-lai/")
        return found

    monkeypatch.setattr(submission_views.selectors, "draft_of", read_then_the_other_click_wins)

    # when
    response = phone.post(f"/nop-ho-so/nhap/{draft.pk}/xem-lai/")

    # then: both clicks land on the one dossier's confirmation
    dossier = Dossier.objects.get(citizen=citizen)
    assert injected[0].status_code == 302 and injected[0]["Location"] == f"/nop-ho-so/da-nop/{dossier.code}/"
    assert response.status_code == 302, response.content.decode()[:800]
    assert response["Location"] == f"/nop-ho-so/da-nop/{dossier.code}/"
    assert Dossier.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="real concurrency needs PostgreSQL")
def test_two_concurrent_clicks_on_postgresql_both_show_the_one_submitted_dossier(citizen, province, officers,
                                                                                 procedure, monkeypatch):  # fmt: skip
    clicks = 2
    first = Client()
    first.force_login(citizen)
    draft = _ready_to_submit(first, procedure, province)
    barrier, responses, errors = threading.Barrier(clicks, timeout=10), [], []
    read_draft = selectors.draft_of

    def read_together(*, user, draft_id):
        found = read_draft(user=user, draft_id=draft_id)
        barrier.wait()  # both requests have the open draft before either submits
        return found

    monkeypatch.setattr(submission_views.selectors, "draft_of", read_together)

    def click() -> None:
        client = Client()
        client.force_login(citizen)
        try:
            responses.append(client.post(f"/nop-ho-so/nhap/{draft.pk}/xem-lai/"))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    dossier = Dossier.objects.get(citizen=citizen)
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, f"/nop-ho-so/da-nop/{dossier.code}/")] * 2
    assert Dossier.objects.count() == 1
