"""`lienthong audit digest --publish` writes the newest digest outside the database — a JSON-lines file and/or a POST
to a connected system — and `lienthong audit verify --against <file or directory>` compares the database with it,
exiting 1 on a rewrite. Without `--against`, `audit verify` works as before."""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command

from lienthong.dossiers.models import ChainDigest
from tests.dossiers.audit_support import (
    T0,
    build_trails,
    event,
    payload_json,
    rechain,
    reseal,
    sealed_with_the_key,
    sql,
)
from tests.gateway.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def trails(province, officers, procedure, applicant, form_data, documents):
    return build_trails(province, officers, procedure, applicant, form_data, documents)


@pytest.fixture
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


def _run(*args) -> str:
    out = io.StringIO()
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        call_command("audit", *args, stdout=out)
    return out.getvalue()


def test_digest_publish_writes_the_file_and_posts_the_line(trails, settings, tmp_path, receiver):
    settings.LIENTHONG_AUDIT_PUBLISH_DIR = str(tmp_path)
    settings.LIENTHONG_AUDIT_PUBLISH_URL = receiver.url
    settings.LIENTHONG_AUDIT_PUBLISH_TOKEN = "the-archive-token"

    out = _run("digest", "--publish")

    digest = ChainDigest.objects.get()
    assert f"Đã công bố bản tóm tắt #{digest.pk}: 12 sự kiện đến 02/03/2026 09:50:00, mã {digest.digest}." in out
    (line,) = [json.loads(text) for text in (tmp_path / "chain-digests.jsonl").read_text().splitlines()]
    (posted,) = receiver.received
    assert json.loads(posted.body) == line and line["digest"] == digest.digest
    assert posted.headers["authorization"] == "Bearer the-archive-token"
    assert "Bản tóm tắt mới nhất đã được công bố trước đó." in _run("digest", "--publish")
    assert len(receiver.received) == 1


def test_a_failing_connected_system_leaves_the_digest_unpublished_and_exits_1(trails, settings, receiver):
    settings.LIENTHONG_AUDIT_PUBLISH_URL = receiver.url
    receiver.answers.append(503)

    with pytest.raises(CommandError) as failed:
        _run("digest", "--publish")

    assert failed.value.returncode == 1 and "Không gửi được tới" in str(failed.value)
    assert ChainDigest.objects.get().published_at is None


def test_publish_without_a_target_says_what_to_set(trails):
    with pytest.raises(CommandError) as failed:
        _run("digest", "--publish")
    assert failed.value.returncode == 2 and "LIENTHONG_AUDIT_PUBLISH_DIR" in str(failed.value)


def test_verify_against_the_published_directory_passes_then_catches_a_rewrite(trails, settings, tmp_path):
    settings.LIENTHONG_AUDIT_PUBLISH_DIR = str(tmp_path)
    _run("digest", "--publish")
    assert _run("verify", "--against", str(tmp_path)) == (
        "Đã kiểm tra 3 hồ sơ, 12 sự kiện, 1 bản tóm tắt, 1 bản đã công bố: không có sai lệch.\n"
    )
    assert _run("verify") == "Đã kiểm tra 3 hồ sơ, 12 sự kiện, 1 bản tóm tắt: không có sai lệch.\n"

    # someone holding the key rewrites an event and reseals: the database alone agrees with itself
    sql("UPDATE {event} SET payload = {json} WHERE id = %s", [payload_json({"missing": []}), event(trails[0], 3).pk])
    rechain(trails[0])
    reseal(sealed_with_the_key)
    assert "không có sai lệch" in _run("verify")

    with pytest.raises(CommandError) as failed:
        _run("verify", "--against", str(tmp_path / "chain-digests.jsonl"))
    assert failed.value.returncode == 1
    assert "1 bản đã công bố: 1 sai lệch." in str(failed.value)


def test_a_published_file_that_cannot_be_read_is_named(trails, tmp_path):
    (tmp_path / "chain-digests.jsonl").write_text('{"digest": "abc"}\n')
    with pytest.raises(CommandError) as failed:
        _run("verify", "--against", str(tmp_path))
    assert failed.value.returncode == 2 and "chain-digests.jsonl, dòng 1: không đọc được" in str(failed.value)
