"""A look-up costs a fixed, small number of queries whatever the dossier's history (DESIGN.md: tracking within 2× a
bare view). A miss costs one, the same whether the code exists or not."""

import pytest

from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.models import DossierEvent
from tests.portal.track_given import (  # noqa: F401
    PHONE_DIGITS,
    fresh_counters_fixture,
    given_fixture,
    look_up,
    look_up_json,
)

# The header's province and contact are read once per server, not per look-up (portal/identity.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_identity_warm")]


def _assert_queries(django_assert_num_queries, count, call):
    with django_assert_num_queries(count):
        response = call()
    return response


def test_a_miss_costs_one_query_known_code_or_not(client, given, django_assert_num_queries):
    code = given.received().code
    for wrong in [(code, "0000"), (code[:-4] + "9999", PHONE_DIGITS)]:
        assert _assert_queries(django_assert_num_queries, 1, lambda w=wrong: look_up(client, *w)).status_code == 404
        assert (
            _assert_queries(django_assert_num_queries, 1, lambda w=wrong: look_up_json(client, *w)).status_code == 404
        )


def test_a_received_dossier_costs_two_queries_on_the_page_and_in_json(client, given, django_assert_num_queries):
    code = given.received().code
    # the page reads its procedure's published fees once on a cold cache (catalogue.fees keeps them five minutes)
    assert _assert_queries(django_assert_num_queries, 3, lambda: look_up(client, code, PHONE_DIGITS)).status_code == 200
    # the dossier with its agency, procedure and national status mapping; its citizen events with its steps
    assert _assert_queries(django_assert_num_queries, 2, lambda: look_up(client, code, PHONE_DIGITS)).status_code == 200
    assert (
        _assert_queries(django_assert_num_queries, 2, lambda: look_up_json(client, code, PHONE_DIGITS)).status_code
        == 200
    )


def test_a_dossier_in_processing_costs_two_however_long_its_history(client, given, django_assert_num_queries):
    dossier = given.at_the_department()
    look_up(client, dossier.code, PHONE_DIGITS)  # the procedure's published fees, read once into the cache
    # the agencies of its steps come in the same statement as its events
    assert (
        _assert_queries(django_assert_num_queries, 2, lambda: look_up(client, dossier.code, PHONE_DIGITS)).status_code
        == 200
    )
    events = DossierEvent.objects.filter(dossier=dossier).count()
    assert events >= 4 and DossierEvent.objects.filter(dossier=dossier, kind=EventKind.FORWARDED).count() == 2
    assert (
        _assert_queries(
            django_assert_num_queries, 2, lambda: look_up_json(client, dossier.code, PHONE_DIGITS)
        ).status_code
        == 200
    )


def test_an_electronic_result_adds_one_query_for_its_files(client, given, django_assert_num_queries):
    dossier = given.returned_electronically()
    look_up(client, dossier.code, PHONE_DIGITS)  # the procedure's published fees, read once into the cache
    # the dossier, its events (with its steps) and its result files
    assert (
        _assert_queries(django_assert_num_queries, 3, lambda: look_up(client, dossier.code, PHONE_DIGITS)).status_code
        == 200
    )
