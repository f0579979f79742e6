"""Backup and restore of a deployment (docs/deployment.md, *Backup and restore*): the PostgreSQL database and every
stored file in one archive, restored into a fresh database and a fresh bucket (or media folder).

The archive is a plain tar (the dump is compressed already, and so are most scans):

    database.dump   `pg_dump --format=custom`: one consistent snapshot of the whole database
    files/<name>    every file of the store (the bucket under LIENTHONG_S3_PREFIX, or LIENTHONG_MEDIA_ROOT), as named
                    in the database
    files.jsonl     one line per file: its name, size and SHA-256
    manifest.json   the format, the versions (Liên Thông, Django, PostgreSQL, pg_dump, each app's last migration),
                    the sizes and SHA-256 of the dump and of files.jsonl, and the ids of the audit keys that sealed
                    the recorded digests

The database is dumped first, then the files are copied: files are written before the rows that name them and never
overwritten, so every file the dump names is in the archive (files stored meanwhile come along unnamed, harmless).
A restore checks the whole archive against its manifest before it touches anything, refuses a database that has
tables, a store that has files, an archive from newer code, and configured audit keys that cannot verify the
digests; then `pg_restore` in one transaction and the files under their own names.

What the archive does not hold, by design: the keys (LIENTHONG_AUDIT_KEY, LIENTHONG_SECRETS_KEY, LIENTHONG_SECRET_KEY).
The operator keeps them apart from the backups; without the audit key the restored digests cannot be verified,
without the secrets key the stored webhook secrets cannot be read.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import django
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

import lienthong
from lienthong.dossiers.audit_seal import audit_keys
from lienthong.dossiers.selectors import audit_key_ids_in_use

FORMAT = "lienthong-backup/1"
DUMP = "database.dump"
FILES = "files/"
FILE_LIST = "files.jsonl"
MANIFEST = "manifest.json"
MANIFEST_MAX_BYTES = 1024 * 1024  # the manifest is a few kilobytes; a larger one is not ours
COPY_CHUNK = 1024 * 1024


class BackupError(Exception):
    """What stopped a backup or a restore, in words for the operator."""


@dataclass(frozen=True)
class StoredFile:
    name: str  # as the database names it: relative to the store's root (the bucket's prefix, the media folder)
    size: int


# -- the store --------------------------------------------------------------------------------------------------------


def stored_files(storage: Storage) -> Iterator[StoredFile]:
    """Every file of the store, listed by the store itself (1,000 names a request from a bucket), in name order."""
    if isinstance(storage, FileSystemStorage):
        root = Path(storage.location)
        for folder, subfolders, names in os.walk(root):
            subfolders.sort()
            for name in sorted(names):
                path = Path(folder) / name
                yield StoredFile(path.relative_to(root).as_posix(), path.stat().st_size)
        return
    from storages.backends.s3 import S3Storage

    if not isinstance(storage, S3Storage):
        raise BackupError(_("Không sao lưu được kho tệp kiểu %(kind)s.") % {"kind": type(storage).__name__})
    prefix = storage.location.strip("/")
    prefix = f"{prefix}/" if prefix else ""
    for item in storage.bucket.objects.filter(Prefix=prefix):
        if not item.key.endswith("/"):  # a folder marker some stores keep
            yield StoredFile(item.key.removeprefix(prefix), item.size)


# -- the database -----------------------------------------------------------------------------------------------------


def _postgres_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The libpq environment for pg_dump and pg_restore: the connection's own settings, nothing inherited."""
    if connection.vendor != "postgresql":
        raise BackupError(
            _(
                "Sao lưu và phục hồi cần PostgreSQL (DATABASE_URL); với SQLite, hãy dừng hệ thống rồi chép thư mục "
                "dữ liệu (LIENTHONG_DATA_DIR)."
            )
        )
    given = connection.settings_dict
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    for variable, value in (
        ("PGHOST", given.get("HOST")), ("PGPORT", given.get("PORT")), ("PGUSER", given.get("USER")),
        ("PGPASSWORD", given.get("PASSWORD")), ("PGSSLMODE", given.get("OPTIONS", {}).get("sslmode")),
    ):  # fmt: skip
        if value:
            environment[variable] = str(value)
    return environment


def _program(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/lib/postgresql/bin:/usr/local/bin")
    if found is None:
        raise BackupError(_("Không tìm thấy chương trình %(name)s (gói postgresql-client).") % {"name": name})
    return found


def _failed(program: str, stderr: str) -> BackupError:
    return BackupError(_("%(program)s không thành công: %(error)s") % {"program": program, "error": stderr.strip()})


def _database_name(connection: BaseDatabaseWrapper) -> str:
    return str(connection.settings_dict["NAME"])


def _migrations_applied(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """Each app's newest applied migration."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    newest: dict[str, str] = {}
    for app, name in sorted(loader.applied_migrations):
        newest[app] = max(newest.get(app, ""), name)
    return newest


# -- writing ----------------------------------------------------------------------------------------------------------


class _Hashing(io.RawIOBase):
    """A reader that counts and hashes what passes through it."""

    def __init__(self, raw):
        self._raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add(archive: tarfile.TarFile, name: str, size: int, reader) -> dict:
    member = tarfile.TarInfo(name)
    member.size, member.mtime, member.mode = size, int(timezone.now().timestamp()), 0o600
    hashing = _Hashing(reader)
    archive.addfile(member, hashing)
    return {"bytes": hashing.size, "sha256": hashing.sha256.hexdigest()}


def _add_path(archive: tarfile.TarFile, path: Path, name: str) -> dict:
    with path.open("rb") as reader:
        return _add(archive, name, path.stat().st_size, reader)


def backup_write(target: Path, *, storage: Storage, using: str = "default") -> dict:
    """Write the archive to `target` (through `target.partial`, renamed when whole); the manifest written."""
    connection = connections[using]
    environment = _postgres_environment(connection)
    if target.exists():
        raise BackupError(_("Tệp %(path)s đã có: chọn một tên khác.") % {"path": target})
    pg_dump = _program("pg_dump")
    partial = target.with_name(target.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".lienthong-backup-") as work:
            dump, listing = Path(work) / DUMP, Path(work) / FILE_LIST
            dumped = subprocess.run(  # noqa: S603 — fixed argv; the database's name comes from the settings
                [pg_dump, "--format=custom", "--file", str(dump), "--dbname", _database_name(connection)],
                env=environment, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if dumped.returncode != 0:
                raise _failed("pg_dump", dumped.stderr)
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                database = _add_path(archive, dump, DUMP)
                count = total = 0
                with listing.open("w", encoding="utf-8") as lines:
                    for stored in stored_files(storage):
                        with storage.open(stored.name, "rb") as reader:
                            added = _add(archive, FILES + stored.name, stored.size, reader)
                        lines.write(json.dumps({"name": stored.name, **added}, ensure_ascii=False) + "\n")
                        count, total = count + 1, total + added["bytes"]
                listed = _add_path(archive, listing, FILE_LIST)
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(timespec="seconds"),
                    "versions": {
                        "lienthong": lienthong.__version__,
                        "django": django.get_version(),
                        "python": sys.version.split()[0],
                        "postgresql": _server_version(connection),
                        "pg_dump": _program_version(pg_dump),
                    },
                    "migrations": _migrations_applied(connection),
                    "audit_key_ids": sorted(audit_key_ids_in_use()),
                    "database": {"name": DUMP, **database},
                    "files": {"count": count, "bytes": total, "list": {"name": FILE_LIST, **listed}},
                }
                encoded = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                _add(archive, MANIFEST, len(encoded), io.BytesIO(encoded))
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _program_version(program: str) -> str:
    return subprocess.run([program, "--version"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603


def _server_version(connection: BaseDatabaseWrapper) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


# -- reading and checking ---------------------------------------------------------------------------------------------


class Archive:
    """An archive opened for reading: its members by name, its manifest, and the check of every member."""

    def __init__(self, source: Path):
        try:
            self._tar = tarfile.open(source, "r:")  # noqa: SIM115 — closed by close()
        except (OSError, tarfile.TarError) as exc:
            raise BackupError(_("%(path)s không phải một bản sao lưu đọc được: %(error)s") % {
                "path": source, "error": exc
            }) from exc  # fmt: skip
        try:
            self._members = {member.name: member for member in self._tar.getmembers() if member.isfile()}
            self.manifest = self._manifest()
        except BaseException:
            self._tar.close()
            raise

    def close(self) -> None:
        self._tar.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self, name: str):
        member = self._members.get(name)
        if member is None:
            raise BackupError(_("Bản sao lưu thiếu %(name)s.") % {"name": name})
        return self._tar.extractfile(member)

    def _manifest(self) -> dict:
        member = self._members.get(MANIFEST)
        if member is None or member.size > MANIFEST_MAX_BYTES:
            raise BackupError(_("Bản sao lưu không có bản kê (manifest.json) hợp lệ."))
        try:
            manifest = json.loads(self._tar.extractfile(member).read())
        except ValueError as exc:
            raise BackupError(_("Bản sao lưu không có bản kê (manifest.json) hợp lệ.")) from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(
                _("Bản sao lưu theo định dạng %(found)s, phiên bản này đọc %(format)s.")
                % {"found": manifest.get("format") if isinstance(manifest, dict) else "?", "format": FORMAT}
            )
        return manifest

    def file_entries(self) -> Iterator[dict]:
        for line in io.TextIOWrapper(self.open(FILE_LIST), encoding="utf-8"):
            entry = json.loads(line)
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise BackupError(_("Danh sách tệp của bản sao lưu bị hỏng."))
            yield entry

    def check(self) -> None:
        """Every member read back and compared with the manifest; BackupError naming the first that differs."""
        self._check(DUMP, self.manifest["database"])
        self._check(FILE_LIST, self.manifest["files"]["list"])
        count = 0
        for entry in self.file_entries():
            self._check(FILES + entry["name"], entry)
            count += 1
        stored = sum(1 for name in self._members if name.startswith(FILES))
        if count != self.manifest["files"]["count"] or stored != count:
            raise BackupError(
                _("Bản sao lưu kê %(listed)d tệp nhưng chứa %(stored)d.")
                % {"listed": self.manifest["files"]["count"], "stored": stored}
            )

    def _check(self, name: str, expected: dict) -> None:
        reader = _Hashing(self.open(name))
        while reader.read(COPY_CHUNK):
            pass
        if reader.size != expected.get("bytes") or reader.sha256.hexdigest() != expected.get("sha256"):
            raise BackupError(_("%(name)s trong bản sao lưu không khớp mã kiểm tra: tệp đã hỏng.") % {"name": name})


# -- restoring --------------------------------------------------------------------------------------------------------


def restore_read(source: Path, *, storage: Storage, using: str = "default") -> dict:
    """Restore the archive into this deployment's database and store, both empty; the manifest restored."""
    connection = connections[using]
    environment = _postgres_environment(connection)
    pg_restore = _program("pg_restore")
    with Archive(source) as archive:
        manifest = archive.manifest
        archive.check()
        _refuse_newer_code(manifest)
        _refuse_missing_audit_keys(manifest)
        if connection.introspection.table_names():
            raise BackupError(
                _("Cơ sở dữ liệu %(name)s đã có bảng: phục hồi vào một cơ sở dữ liệu mới, trống (createdb).")
                % {"name": _database_name(connection)}
            )
        if next(stored_files(storage), None) is not None:
            raise BackupError(_("Kho tệp đã có tệp: phục hồi vào một bucket (hoặc thư mục) mới, trống."))
        connection.close()  # pg_restore writes through its own connection
        with tempfile.TemporaryFile() as errors:
            restoring = subprocess.Popen(  # noqa: S603 — fixed argv; the database's name comes from the settings
                [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                 "--dbname", _database_name(connection)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors, env=environment,
            )  # fmt: skip
            try:
                shutil.copyfileobj(archive.open(DUMP), restoring.stdin, COPY_CHUNK)
            except BrokenPipeError:
                pass  # it stopped early: its message says why
            finally:
                restoring.stdin.close()
            if restoring.wait() != 0:
                errors.seek(0)
                raise _failed("pg_restore", errors.read().decode(errors="replace")[-2000:])
        for entry in archive.file_entries():
            content = File(archive.open(FILES + entry["name"]), name=entry["name"])
            content.size = entry["bytes"]
            saved = storage.save(entry["name"], content)
            if saved != entry["name"]:
                raise BackupError(_("Tệp %(name)s được lưu thành %(saved)s.") % {"name": entry["name"], "saved": saved})
    return manifest


def _refuse_newer_code(manifest: dict) -> None:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    applied = manifest.get("migrations", {}).items()
    unknown = sorted(f"{app}.{name}" for app, name in applied if (app, name) not in known)
    if unknown:
        raise BackupError(
            _(
                "Bản sao lưu được tạo bởi phiên bản %(version)s, mới hơn mã này (không biết %(migrations)s): "
                "cài phiên bản đó rồi phục hồi."
            )
            % {"version": manifest.get("versions", {}).get("lienthong", "?"), "migrations": ", ".join(unknown[:5])}
        )


def _refuse_missing_audit_keys(manifest: dict) -> None:
    missing = sorted(set(manifest.get("audit_key_ids", [])) - set(audit_keys()))
    if missing:
        raise BackupError(
            _(
                "LIENTHONG_AUDIT_KEY thiếu khóa niêm phong nhật ký đã dùng (mã %(ids)s): phục hồi xong, "
                "`lienthong audit verify` sẽ không kiểm tra được các bản tóm tắt. Đặt khóa đã lưu giữ rồi chạy lại."
            )
            % {"ids": ", ".join(missing)}
        )
