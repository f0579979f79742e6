"""Item 12.1: one fact per dossier, derived from its events and row, for each way a dossier goes through the desk."""

import datetime as dt

import pytest

from lienthong.dossiers.constants import Channel, Status
from lienthong.dossiers.models import OutboxMessage
from lienthong.reports.constants import FACTS_TOPIC
from lienthong.reports.models import DossierFact
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db


def fact(dossier) -> DossierFact:
    return DossierFact.objects.get(pk=dossier.pk)


def test_a_dossier_received_at_the_counter_has_an_open_fact(walk, province, quick):
    dossier = walk.receive(at(2, 9))

    f = fact(dossier)
    assert (f.agency_id, f.procedure_id, f.procedure_version_id, f.field_id) == (
        province["commune_centre"].pk,
        quick.procedure_id,
        quick.pk,
        quick.procedure.field_id,
    )
    assert (f.level, f.channel, f.national_channel, f.status) == ("commune", Channel.COUNTER, 1, Status.RECEIVED)
    assert (f.received_at, f.received_day, f.submitted_at) == (at(2, 9), dt.date(2026, 3, 2), at(2, 9))
    assert f.due_at is not None and f.end_of_processing_at is None and f.end_kind == ""
    assert f.is_on_time is None  # still open
    assert (f.fee_total, f.paid_online_kind, f.version) == (50_000, 0, 1)
    assert OutboxMessage.objects.filter(topic=FACTS_TOPIC, delivered_at__isnull=False).count() == 1


def test_online_submit_then_supplement_then_receipt(walk):
    dossier = walk.submit(at(2, 8))
    f = fact(dossier)
    assert (f.channel, f.national_channel, f.status, f.submitted_at, f.received_at) == (
        Channel.OWN_PORTAL,
        2,
        Status.SUBMITTED,
        at(2, 8),
        None,
    )

    walk.supplement(dossier, at(2, 9))
    walk.supplement_received(dossier, at(3, 9))
    walk.receive_submitted(dossier, at(3, 10))

    f = fact(dossier)
    assert (f.status, f.received_at, f.received_day) == (Status.RECEIVED, at(3, 10), dt.date(2026, 3, 3))
    # asked at the desk before receipt: not a supplement the index counts, nor a wait inside processing
    assert (f.supplement_count, f.supplement_seconds, f.version) == (0, 0, 4)


def test_a_supplement_after_receipt_is_counted_with_its_wait(walk):
    dossier = walk.receive(at(2, 9))
    walk.supplement(dossier, at(2, 10))
    walk.supplement_received(dossier, at(3, 10))
    walk.forward(dossier, at(3, 11))
    walk.finish(dossier, at(3, 14))

    f = fact(dossier)
    assert (f.supplement_count, f.supplement_seconds) == (1, 24 * 3600)
    assert (f.end_kind, f.end_of_processing_at, f.end_day, f.is_on_time) == (
        "result_ready",
        at(3, 14),
        dt.date(2026, 3, 3),
        True,
    )


def test_two_supplement_requests_make_a_dossier_late_however_early_it_ends(walk, two_supplements_allowed):
    dossier = walk.receive(at(2, 9))
    for day in (2, 3):
        walk.supplement(dossier, at(day, 10))
        walk.supplement_received(dossier, at(day, 11))
    walk.forward(dossier, at(3, 13))
    walk.finish(dossier, at(3, 14))

    f = fact(dossier)
    assert f.end_of_processing_at < f.due_at  # by the clock it was early
    assert (f.supplement_count, f.is_on_time) == (2, False)


def test_a_refused_dossier_ends_at_the_refusal(walk):
    dossier = walk.receive(at(2, 9))
    walk.refuse(dossier, at(2, 15))

    f = fact(dossier)
    assert (f.status, f.end_kind, f.end_of_processing_at, f.is_on_time) == (Status.REFUSED, "refused", at(2, 15), True)
    assert not f.has_e_result


def test_an_online_submission_refused_at_the_desk_was_never_processed(walk):
    dossier = walk.submit(at(2, 8))
    walk.refuse(dossier, at(2, 9))

    f = fact(dossier)
    assert (f.status, f.end_kind, f.received_at, f.end_of_processing_at, f.is_on_time) == (
        Status.REFUSED,
        "refused",
        None,
        None,
        None,
    )


def test_returned_electronically_with_a_result_file(walk):
    dossier = walk.receive(at(2, 9))
    walk.forward(dossier, at(2, 10))
    walk.finish(dossier, at(5, 16))  # past the 2-working-day appointment
    walk.give_back(dossier, at(6, 9), electronic=True)

    f = fact(dossier)
    # the end is when the result was ready ("Đã xử lý xong" wins over "Đã trả kết quả")
    assert (f.status, f.end_kind, f.end_of_processing_at, f.is_on_time) == (
        Status.RETURNED,
        "result_ready",
        at(5, 16),
        False,
    )
    assert f.has_e_result
    assert not f.is_digitised  # no scan among the components


def test_returned_at_the_desk_has_no_e_result(walk):
    dossier = walk.receive(at(2, 9))
    walk.forward(dossier, at(2, 10))
    walk.finish(dossier, at(2, 14))
    walk.give_back(dossier, at(3, 9))

    f = fact(dossier)
    assert (f.end_kind, f.is_on_time, f.has_e_result) == ("result_ready", True, False)


def test_the_derivation_gives_every_column_of_the_fact(walk):
    from lienthong.reports.facts import FACT_FIELDS, facts_compute

    dossier = walk.receive(at(2, 9))

    assert tuple(facts_compute(dossier.pk, dossier.pk + 1)[dossier.pk]) == FACT_FIELDS
