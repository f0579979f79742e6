"""A batch's events are rows, not model instances (`eventlog.event_row`, written by `events_write`), their payload
encoded once for the hash and the stored jsonb. They must be the events `event_build` (the per-item path's) makes:
the same canonical text, hence the same hash, the same stored payload, and a chain the audit accepts."""

import copy
import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from lienthong.core.events import subscriptions_for
from lienthong.dossiers.constants import Channel, EventKind, Status
from lienthong.dossiers.models import Dossier, DossierEvent, OutboxMessage
from lienthong.dossiers.services import dossier_receive
from lienthong.dossiers.services.audit import audit_verify
from lienthong.dossiers.services.eventlog import as_stored, event_build, event_canonical, event_row, events_write
from lienthong.dossiers.services.eventlog.chain import _CANONICAL, _canonical_of

NOW = dt.datetime(2026, 11, 24, 9, 30, 12, 345678, tzinfo=dt.UTC)

# Text as officers and forms write it: Vietnamese, quotes, backslashes, control characters, emoji, lone surrogates
# aside (JSON cannot carry them to PostgreSQL either).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    payload=st.dictionaries(TEXT, JSON, max_size=5),
    label=TEXT,
    actor_id=st.none() | st.integers(1, 2**40),
    seq=st.integers(1, 10**6),
    status_before=TEXT,
    kind=st.sampled_from(list(EventKind)),
)
def test_the_text_around_a_payload_encoded_once_is_the_canonical_text(payload, label, actor_id, seq, status_before,
                                                                       kind):  # fmt: skip
    stored = as_stored(payload)
    fields = {"dossier_id": 4711, "seq": seq, "kind": kind, "at": NOW, "actor_id": actor_id, "actor_label": label,
              "status_before": status_before, "status_after": Status.PROCESSING}  # fmt: skip
    assert _canonical_of(**fields, payload_text=_CANONICAL.encode(stored)) == event_canonical(**fields, payload=stored)


PAYLOAD = {"note": 'Đã kiểm tra "đủ" \\ hồ sơ', "steps": [{"id": 7, "name": "Thẩm định", "due": NOW}],
           "amount": 1e20, "zero": -0.0, "ratio": 0.1}  # fmt: skip


def test_an_event_row_is_the_event_event_build_makes():
    # given two copies of one dossier's head and an officer, with time frozen
    dossier = Dossier(pk=12, event_seq=3, event_head="ab" * 32, status=Status.PROCESSING)
    twin = copy.copy(dossier)
    officer = get_user_model()(pk=5, username="anh", first_name="Văn Ánh", last_name="Nguyễn")
    with time_machine.travel(NOW, tick=False):
        # when each path builds the same event
        built = event_build(dossier=dossier, kind=EventKind.STEP_COMPLETED, actor=officer,
                            status_before=Status.PROCESSING, payload=PAYLOAD)  # fmt: skip
        row = event_row(dossier=twin, kind=EventKind.STEP_COMPLETED, actor=officer, status_before=Status.PROCESSING,
                        payload=PAYLOAD)  # fmt: skip
    # then the rows agree field by field, hash included, and both heads moved on alike
    for name in ("seq", "kind", "at", "actor_id", "actor_label", "status_before", "status_after", "payload",
                 "prev_hash", "hash"):  # fmt: skip
        assert getattr(row, name) == getattr(built, name), name
    assert row.dossier_id == built.dossier_id == 12
    assert (twin.event_seq, twin.event_head) == (dossier.event_seq, dossier.event_head) == (4, built.hash)


@pytest.mark.django_db
def test_event_rows_written_together_store_their_payload_queue_their_outbox_and_pass_the_audit(
    province, officers, procedure, applicant, form_data, documents
):
    # given two received dossiers
    officer = officers["receiver@commune_centre"]
    dossiers = [
        dossier_receive(
            officer=officer,
            agency=province["commune_centre"],
            version=procedure,
            channel=Channel.COUNTER,
            applicant=applicant,
            form_data=form_data,
            documents_present=documents,
        )  # fmt: skip
        for _ in range(2)
    ]
    # when each gets two more events as rows, written in one batch
    with transaction.atomic():
        locked = list(Dossier.objects.select_for_update().filter(pk__in=[d.pk for d in dossiers]).order_by("pk"))
        rows = [
            event_row(dossier=dossier, kind=kind, actor=officer, status_before=dossier.status, payload=PAYLOAD)
            for dossier in locked
            for kind in (EventKind.SUPPLEMENT_REQUESTED, EventKind.SUPPLEMENT_RECEIVED)
        ]
        events_write(rows)
        for dossier in locked:
            Dossier.objects.filter(pk=dossier.pk).update(event_seq=dossier.event_seq, event_head=dossier.event_head)
    # then each row is stored with its id, its payload as stored, its outbox rows, and every chain verifies
    for row in rows:
        stored = DossierEvent.objects.get(pk=row.pk)
        assert (stored.dossier_id, stored.seq, stored.hash, stored.payload) == (
            row.dossier_id, row.seq, row.hash, as_stored(PAYLOAD)
        )  # fmt: skip
        assert stored.payload["amount"] == 10**20 and stored.payload["zero"] == 0.0
        topics = sorted(OutboxMessage.objects.filter(event_id=row.pk).values_list("topic", flat=True))
        assert topics == sorted(s.topic for s in subscriptions_for(row.kind))
    assert audit_verify().ok
