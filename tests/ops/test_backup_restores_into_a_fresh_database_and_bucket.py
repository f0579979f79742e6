"""Issue 17 §2: `lienthong backup` writes the database (pg_dump) and every stored file into one archive with a
manifest; `lienthong restore`, run as the operator would on a fresh deployment (a new database, a new SeaweedFS
bucket), brings back the same dossiers, events and files, and `lienthong audit verify` passes on the copy with the
audit key the operator kept. A damaged archive, a database or bucket that is not empty, and a missing audit key are
refused before anything is written."""

import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid

import psycopg
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from psycopg import sql

from lienthong.dossiers.models import Attachment, ChainDigest, Dossier, DossierEvent
from tests.backoffice.web_given import PDF, intake_post, signed_in
from tests.ops.conftest import store_keys

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="backup and restore use pg_dump and pg_restore: PostgreSQL only"
)


def _receive_with_scans(province, officers, procedure, count: int) -> None:
    desk = signed_in(officers, "receiver@commune_centre")
    form_url = reverse("backoffice:intake_form", args=[province["commune_centre"].pk, procedure.pk])
    first = procedure.documents.get(position=1)
    for number in range(count):
        scan = SimpleUploadedFile(f"don-{number}.pdf", PDF + f"% {number}\n".encode(), content_type="application/pdf")
        response = desk.post(form_url, intake_post(procedure, **{f"scan_{first.pk}": scan}))
        assert response.status_code == 302, response.content.decode()[:500]


def _run_lienthong(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 — our own program
        [sys.executable, "-m", "lienthong", *args], env=environment, capture_output=True, text=True, timeout=300,
        check=False,
    )  # fmt: skip


@pytest.fixture
def fresh_database():
    """A new, empty database on the same PostgreSQL server, dropped afterwards; its URL."""
    given = connection.settings_dict
    name = f"{given['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{given['PASSWORD']}" if given.get("PASSWORD") else ""
    yield f"postgres://{given['USER']}{password}@{given['HOST'] or '127.0.0.1'}:{given['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_bucket(seaweed):
    bucket = f"restored-{uuid.uuid4().hex[:12]}"
    seaweed.client().create_bucket(Bucket=bucket)
    return bucket


def _deployment(tmp_path, settings, seaweed, database_url: str, bucket: str) -> dict[str, str]:
    """The environment of a fresh deployment: its own database and bucket, the audit key the operator kept."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LIENTHONG_", "DATABASE_URL"))}
    environment.update(
        LIENTHONG_DATA_DIR=str(tmp_path / "restored"), DATABASE_URL=database_url,
        LIENTHONG_AUDIT_KEY=",".join(settings.LIENTHONG_AUDIT_KEY), LIENTHONG_S3_BUCKET=bucket,
        LIENTHONG_S3_ENDPOINT_URL=seaweed.endpoint_url, LIENTHONG_S3_ACCESS_KEY=seaweed.access_key,
        LIENTHONG_S3_SECRET_KEY=seaweed.secret_key,
    )  # fmt: skip
    return environment


def _restored_rows(database_url: str, model, columns: list[str], order: str) -> list[tuple]:
    query = sql.SQL("SELECT {columns} FROM {table} ORDER BY {order}").format(
        columns=sql.SQL(", ").join(map(sql.Identifier, columns)), table=sql.Identifier(model._meta.db_table),
        order=sql.Identifier(order),
    )  # fmt: skip
    with psycopg.connect(database_url) as restored:
        return restored.execute(query).fetchall()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_and_bucket_and_verifies(
    seaweed, store, settings, tmp_path, province, officers, procedure, fresh_database, fresh_bucket
):
    # given a province with dossiers received with scans in the object store, and a sealed digest of their events
    _receive_with_scans(province, officers, procedure, count=4)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        call_command("audit", "digest", stdout=io.StringIO())
    assert ChainDigest.objects.count() == 1
    names = sorted(Attachment.objects.values_list("file", flat=True))
    assert len(names) == 4 and store_keys(seaweed, store) == names

    # when the operator backs it up
    archive = tmp_path / "lienthong.backup"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)

    # then one archive holds the dump and the four files, described by its manifest
    assert "và 4 tệp" in out.getvalue()
    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
        listed = [json.loads(line) for line in opened.extractfile("files.jsonl").read().splitlines()]
        assert sorted(opened.getnames()) == sorted(["database.dump", "files.jsonl", "manifest.json"] + [
            f"files/{name}" for name in names
        ])  # fmt: skip
    assert manifest["format"] == "lienthong-backup/1"
    assert manifest["files"]["count"] == 4 and [entry["name"] for entry in listed] == names
    scans = {hashlib.sha256(PDF + f"% {number}\n".encode()).hexdigest() for number in range(4)}
    assert {entry["sha256"] for entry in listed} == scans
    assert manifest["audit_key_ids"] == [ChainDigest.objects.get().key_id]
    assert manifest["migrations"]["dossiers"] and manifest["versions"]["postgresql"]

    # when it is restored on a fresh deployment: a new database, a new bucket, the kept audit key
    deployment = _deployment(tmp_path, settings, seaweed, fresh_database, fresh_bucket)
    restored = _run_lienthong(deployment, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "Đã phục hồi: cơ sở dữ liệu và 4 tệp" in restored.stdout

    # then the audit chain and its sealed digest verify on the copy
    verified = _run_lienthong(deployment, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Đã kiểm tra 4 hồ sơ" in verified.stdout and "1 bản tóm tắt: không có sai lệch" in verified.stdout

    # and the dossiers, their events and their files are the same
    dossiers = _restored_rows(fresh_database, Dossier, ["code", "status"], "code")
    assert dossiers == list(Dossier.objects.order_by("code").values_list("code", "status"))
    events = _restored_rows(fresh_database, DossierEvent, ["dossier_id", "seq", "hash"], "id")
    assert events == list(DossierEvent.objects.order_by("id").values_list("dossier_id", "seq", "hash"))
    assert len(events) >= 4
    files = _restored_rows(fresh_database, Attachment, ["file"], "file")
    assert [name for (name,) in files] == names
    client = seaweed.client()
    in_bucket = sorted(item["Key"] for item in client.list_objects_v2(Bucket=fresh_bucket).get("Contents", []))
    assert in_bucket == names
    for name in names:
        original = client.get_object(Bucket=store.bucket, Key=f"{store.prefix}/{name}")["Body"].read()
        assert client.get_object(Bucket=fresh_bucket, Key=name)["Body"].read() == original


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_damaged_archive_a_used_target_and_a_missing_audit_key(
    seaweed, store, settings, tmp_path, province, officers, procedure
):
    _receive_with_scans(province, officers, procedure, count=1)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        call_command("audit", "digest", stdout=io.StringIO())
    archive = tmp_path / "lienthong.backup"
    call_command("backup", str(archive), stdout=io.StringIO())

    # an archive is never overwritten
    with pytest.raises(CommandError, match="đã có: chọn một tên khác"):
        call_command("backup", str(archive), stdout=io.StringIO())

    # a whole archive checks; the database and the bucket of this deployment are not empty: refused
    out = io.StringIO()
    call_command("restore", "--check", str(archive), stdout=out)
    assert out.getvalue().startswith("Bản sao lưu nguyên vẹn: cơ sở dữ liệu và 1 tệp")
    with pytest.raises(CommandError, match="đã có bảng: phục hồi vào một cơ sở dữ liệu mới, trống"):
        call_command("restore", str(archive), stdout=io.StringIO())

    # without the key that sealed the digest, restoring would leave digests nobody can verify: refused
    settings.LIENTHONG_AUDIT_KEY = ["another-key-" + "x" * 40]
    with pytest.raises(CommandError, match="LIENTHONG_AUDIT_KEY thiếu khóa niêm phong"):
        call_command("restore", str(archive), stdout=io.StringIO())

    # one byte of the scan changed in the archive: named, before anything is restored
    data = bytearray(archive.read_bytes())
    at = data.index(PDF + b"% 0\n")
    data[at + 10] ^= 0xFF
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(bytes(data))
    with pytest.raises(CommandError, match=r"files/dossiers/\d+/.* không khớp mã kiểm tra: tệp đã hỏng"):
        call_command("restore", "--check", str(damaged), stdout=io.StringIO())

    # not an archive at all
    (tmp_path / "notes.txt").write_text("không phải bản sao lưu")
    with pytest.raises(CommandError, match="không phải một bản sao lưu đọc được"):
        call_command("restore", str(tmp_path / "notes.txt"), stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite message")
def test_on_sqlite_the_backup_says_what_to_do_instead(db, tmp_path):
    with pytest.raises(CommandError, match="cần PostgreSQL .* chép thư mục dữ liệu"):
        call_command("backup", str(tmp_path / "x.backup"), stdout=io.StringIO())
    assert not list(tmp_path.iterdir())
