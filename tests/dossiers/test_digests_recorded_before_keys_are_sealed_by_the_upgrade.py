"""Issue 11 §21, the upgrade: digests recorded before the key existed (plain sha256 folds) are sealed under the key by
the migration that brings it — each only after its fold is checked against its events, so a history already broken
is reported by `audit verify`, not blessed. An unsealed digest never verifies: rewriting the digests in the old,
keyless formula is no way around the key."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from lienthong.dossiers.audit_seal import sealing_key, unkeyed_fold
from lienthong.dossiers.models import ChainDigest, DossierEvent
from lienthong.dossiers.services.audit import digest_verify
from tests.dossiers.audit_support import T0, build_trails, sql

pytestmark = pytest.mark.django_db
UPGRADE = importlib.import_module("lienthong.dossiers.migrations.0006_chain_digest_key_and_publication")
ENDS = [T0 + dt.timedelta(minutes=5), T0 + dt.timedelta(minutes=8), T0 + dt.timedelta(hours=1)]


@pytest.fixture
def unkeyed_digests(province, officers, procedure, applicant, form_data, documents):
    """Twelve events and three digests recorded the old way, as an installation before the upgrade has them."""
    build_trails(province, officers, procedure, applicant, form_data, documents)
    previous, start, digests = "", None, []
    for end in ENDS:
        events = DossierEvent.objects.filter(at__lte=end).exclude(at__lte=start) if start else DossierEvent.objects
        hashes = events.filter(at__lte=end).order_by("at", "id").values_list("hash", flat=True)
        digest, count = unkeyed_fold(previous, hashes)
        digests.append(ChainDigest.objects.create(covers_from=start, covers_until=end, event_count=count,
                                                  prev_digest=previous, digest=digest))  # fmt: skip
        previous, start = digest, end
    return digests


def test_unsealed_digests_do_not_verify(unkeyed_digests):
    assert {b.reason for b in digest_verify()} == {
        "bản tóm tắt không được niêm phong bằng khóa (LIENTHONG_AUDIT_KEY): không chứng minh được điều gì"
    }


def test_the_upgrade_seals_a_whole_history_which_then_verifies(unkeyed_digests):
    UPGRADE.seal_unkeyed_digests(apps, None)

    assert set(ChainDigest.objects.values_list("key_id", flat=True)) == {sealing_key()[0]}
    assert digest_verify() == []


def test_the_upgrade_stops_at_the_first_period_that_no_longer_adds_up(unkeyed_digests):
    # given an event of the second period altered before the upgrade
    altered = DossierEvent.objects.filter(at__gt=ENDS[0], at__lte=ENDS[1]).order_by("at").first()
    sql("UPDATE {event} SET hash = %s WHERE id = %s", ["e" * 64, altered.pk])

    UPGRADE.seal_unkeyed_digests(apps, None)

    # then the first digest is sealed, the rest stay as they were, and verify names the second
    first, second, third = ChainDigest.objects.order_by("covers_until")
    assert (bool(first.key_id), second.key_id, third.key_id) == (True, "", "")
    assert [b.digest_id for b in digest_verify()] == [second.pk, third.pk]
