"""Issue 11 §21: the audit chain could be rewritten by anyone with database write access who recomputed the hashes
and the digests. The digests are now sealed with a key that is not in the database, and the newest one is published
outside it (a file, a connected system), so a rewrite is caught:
- without the key, by `audit verify` alone: the digests cannot be recomputed;
- with the key, or by deleting the newest digests with their events, by `audit verify` against the published copy."""

import datetime as dt
import hashlib
import hmac
import json

import pytest

from lienthong.dossiers.audit_seal import sealing_key
from lienthong.dossiers.models import ChainDigest, DossierEvent
from lienthong.dossiers.services.audit import audit_verify, chain_verify, digest_record, digest_verify
from lienthong.dossiers.services.audit_publish import Targets, digest_publish, published_read
from tests.dossiers.audit_support import (
    T0,
    build_trails,
    delete_events,
    event,
    payload_json,
    rechain,
    reseal,
    sealed_with_the_key,
    sql,
)

pytestmark = pytest.mark.django_db
LATER = T0 + dt.timedelta(hours=2)


@pytest.fixture
def trails(province, officers, procedure, applicant, form_data, documents):
    return build_trails(province, officers, procedure, applicant, form_data, documents)


@pytest.fixture
def published(tmp_path):
    """The newest digest published to a directory the database cannot reach; returns what a verifier reads back."""
    directory = tmp_path / "cong-bo"

    def publish():
        digest_publish(targets=Targets(directory=directory, url="", token=""))
        return published_read(directory)

    return publish


def _rewrite(dossier) -> None:
    """An applicant's recorded supplement changed after the fact, and the dossier's chain recomputed to match."""
    sql("UPDATE {event} SET payload = {json} WHERE id = %s", [payload_json({"missing": []}), event(dossier, 3).pk])
    rechain(dossier)


def _unkeyed(previous, digest, hashes):
    return hashlib.sha256((previous + "".join(hashes)).encode()).hexdigest()


def _guessed_key(previous, digest, hashes):
    return hmac.new(b"insecure-dev-key-change-me-in-production-0123456789abcdef",
                    (previous + "".join(hashes)).encode(), "sha256").hexdigest()  # fmt: skip


@pytest.mark.parametrize("recompute", [_unkeyed, _guessed_key], ids=["unkeyed-formula", "guessed-key"])
def test_without_the_key_a_rewritten_history_cannot_be_resealed(trails, recompute):
    # given a sealed digest over every event
    digest_record(until=LATER)

    # when an event is rewritten, its chain recomputed and every digest recomputed from the database alone
    _rewrite(trails[1])
    reseal(recompute)

    # then the chains verify, the digests do not
    assert chain_verify() == []
    assert [b.reason for b in digest_verify()] == [
        "mã tóm tắt không khớp các sự kiện trong kỳ: sự kiện hoặc bản tóm tắt đã bị sửa"
    ]


def testsealed_with_the_key_a_rewrite_passes_the_database_but_not_the_published_digest(trails, published):
    # given the day's digest published outside the database
    digest_record(until=LATER)
    lines = published()

    # when someone holding the key rewrites an event and reseals everything
    _rewrite(trails[1])
    reseal(sealed_with_the_key)

    # then the database agrees with itself, and only the published copy shows the rewrite
    assert audit_verify().ok
    report = audit_verify(published=lines)
    assert report.published == 1
    assert [b.reason for b in report.breaks] == [
        f"khác bản đã công bố (mã {lines[0]['digest'][:12]}…, 12 sự kiện): lịch sử đã bị viết lại"
    ]


def test_deleting_the_newest_digest_with_its_events_is_caught_by_the_published_copy(trails, published):
    # given two digests, the newest published
    first = digest_record(until=T0 + dt.timedelta(minutes=15))
    newest = digest_record(until=LATER)
    lines = published()
    assert [line["digest_id"] for line in lines] == [newest.pk]

    # when the newest digest and the events it covered are deleted: what is left is a whole, shorter history
    later = list(DossierEvent.objects.filter(at__gt=first.covers_until).values_list("pk", flat=True))
    assert len(later) == 6
    delete_events(f"id IN ({', '.join(['%s'] * len(later))})", later)
    sql("DELETE FROM {digest} WHERE id = %s", [newest.pk])
    for dossier in trails:
        rechain(dossier)

    # then only the published copy knows
    assert DossierEvent.objects.count() == 6 and audit_verify().ok
    (found,) = audit_verify(published=lines).breaks
    assert found.reason == "bản tóm tắt đã công bố không còn trong cơ sở dữ liệu: các bản tóm tắt mới nhất đã bị xóa"
    assert found.covers_until == newest.covers_until


def test_an_untouched_history_verifies_against_its_published_digests(trails, published):
    digest_record(until=T0 + dt.timedelta(minutes=15))
    published()
    digest_record(until=LATER)
    lines = published()

    report = audit_verify(published=lines)

    assert report.ok and report.published == 2


def test_each_digest_names_the_key_that_sealed_it_and_a_rotated_key_still_verifies(trails, settings):
    old = digest_record(until=T0 + dt.timedelta(minutes=15))
    settings.LIENTHONG_AUDIT_KEY = ["khoa-moi-" + "x" * 40, *settings.LIENTHONG_AUDIT_KEY]
    new = digest_record(until=LATER)
    assert old.key_id != new.key_id and new.key_id == sealing_key()[0]
    assert digest_verify() == []

    settings.LIENTHONG_AUDIT_KEY = settings.LIENTHONG_AUDIT_KEY[:1]  # the old key dropped too early
    assert [(b.digest_id, b.reason) for b in digest_verify()] == [
        (old.pk, f"khóa niêm phong {old.key_id} không có trong LIENTHONG_AUDIT_KEY: không kiểm tra được")
    ]


def test_publishing_appends_one_line_per_new_digest_and_never_rewrites(trails, tmp_path):
    targets = Targets(directory=tmp_path, url="", token="")
    first = digest_record(until=T0 + dt.timedelta(minutes=15))
    assert digest_publish(targets=targets) == first
    assert digest_publish(targets=targets) is None  # already published
    second = digest_record(until=LATER)
    digest_publish(targets=targets)

    lines = [json.loads(text) for text in (tmp_path / "chain-digests.jsonl").read_text().splitlines()]
    assert [(line["digest_id"], line["digest"], line["event_count"]) for line in lines] == [
        (first.pk, first.digest, 6),
        (second.pk, second.digest, 6),
    ]
    assert lines[0]["key_id"] == first.key_id and lines[0]["covers_from"] is None
    assert ChainDigest.objects.filter(published_at__isnull=False).count() == 2
