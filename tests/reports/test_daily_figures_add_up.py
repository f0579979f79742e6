"""Item 12.2–12.3: the additive daily figures after a sequence of events, and after the outbox repeats or reorders
its deliveries."""

import datetime as dt

import pytest

from lienthong.dossiers.models import DossierEvent
from lienthong.dossiers.selectors import event_envelope
from lienthong.reports.models import DailyFigure
from lienthong.reports.selectors import figures_by
from lienthong.reports.services import fact_on_event
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db
MARCH = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}


def by_day() -> dict:
    rows = figures_by(**MARCH, group_by=["day"])
    return {r["day"]: {k: v for k, v in r.items() if k != "day" and v} for r in rows}


def test_figures_count_receipts_on_the_day_received_and_ends_on_the_day_processing_ended(walk, quick):
    late = walk.receive(at(2, 9))
    walk.forward(late, at(2, 10))
    walk.finish(late, at(5, 16))
    walk.give_back(late, at(6, 9), electronic=True)
    early = walk.receive(at(2, 10))
    walk.forward(early, at(2, 11))
    walk.finish(early, at(2, 14))
    online = walk.submit(at(3, 8))
    walk.receive_submitted(online, at(3, 9))
    walk.supplement(online, at(3, 10))

    assert by_day() == {
        dt.date(2026, 3, 2): {"submitted": 2, "received": 2, "fee_bearing": 2, "finished": 1, "finished_on_time": 1,
                              "processing_seconds": 4 * 3600},
        dt.date(2026, 3, 3): {"submitted": 1, "received": 1, "online": 1, "fee_bearing": 1,
                              "supplement_requested": 1},
        dt.date(2026, 3, 5): {"finished": 1, "finished_late": 1, "e_result": 1,
                              "processing_seconds": (3 * 24 + 7) * 3600},
    }  # fmt: skip
    [total] = figures_by(**MARCH, procedure_id=quick.procedure_id)
    assert (total["received"], total["finished"]) == (3, 2)


def test_a_repeated_or_reordered_delivery_changes_nothing(walk):
    dossier = walk.receive(at(2, 9), deliver_now=False)
    walk.forward(dossier, at(2, 10), deliver_now=False)
    walk.finish(dossier, at(2, 14), deliver_now=False)
    walk.give_back(dossier, at(3, 9), deliver_now=False)
    envelopes = [event_envelope(e) for e in DossierEvent.objects.filter(dossier=dossier).order_by("seq")]

    # when the events arrive newest first, then again in order, then the first one once more
    for envelope in [*reversed(envelopes), *envelopes, envelopes[0]]:
        fact_on_event(envelope)

    # then the figures are those of the dossier as it is: received once, finished once, on time
    assert by_day() == {
        dt.date(2026, 3, 2): {"submitted": 1, "received": 1, "fee_bearing": 1, "finished": 1, "finished_on_time": 1,
                              "processing_seconds": 5 * 3600},
    }  # fmt: skip
    assert DailyFigure.objects.count() == 1
