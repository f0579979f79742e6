"""The chain digests published outside the database, and the check of the database against them (issue 11 §21).

A keyed digest stops someone with database access alone from rewriting history. Two attacks remain: someone who
also holds `LIENTHONG_AUDIT_KEY` recomputes everything, and someone who deletes the newest digests together with
the events after the last one kept leaves a chain that is whole but shorter. Both are caught by a copy the database
cannot reach: `digest_publish` appends the newest digest to a JSON-lines file (`LIENTHONG_AUDIT_PUBLISH_DIR`, on
storage the application can append to and the database's administrators cannot rewrite: another machine, a
write-once bucket, a printed register) and/or POSTs it to a connected system (`LIENTHONG_AUDIT_PUBLISH_URL`).
The scheduler publishes once a day (`chain_digest_publish`); since each digest seals the one before it, one per
day pins all of history up to it. `published_verify` compares the database with every published line.
"""

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lienthong.dossiers.models import ChainDigest
from lienthong.dossiers.services.audit import Break

FILE_NAME = "chain-digests.jsonl"
POST_TIMEOUT = 10


class PublishError(Exception):
    """The digest could not be written to a configured target; it stays unpublished and is tried again."""


@dataclass(frozen=True)
class Targets:
    directory: Path | None
    url: str
    token: str

    @property
    def any(self) -> bool:
        return self.directory is not None or bool(self.url)


def publish_targets() -> Targets:
    directory = settings.LIENTHONG_AUDIT_PUBLISH_DIR
    return Targets(directory=Path(directory) if directory else None, url=settings.LIENTHONG_AUDIT_PUBLISH_URL,
                   token=settings.LIENTHONG_AUDIT_PUBLISH_TOKEN)  # fmt: skip


@transaction.atomic
def digest_publish(*, targets: Targets | None = None) -> ChainDigest | None:
    """Publish the newest digest unless it already was; None when there is none new or no target is configured.

    The row is locked while it is written out, so two runs cannot publish it twice; a target that fails raises
    PublishError and the digest is published by the next run (a line written to the file before a failed POST is
    written again then: readers key lines by `covers_until`)."""
    targets = targets or publish_targets()
    if not targets.any:
        return None
    digest = ChainDigest.objects.select_for_update().order_by("covers_until", "id").last()
    if digest is None or digest.published_at is not None:
        return None
    line = published_line(digest)
    if targets.directory is not None:
        _append(targets.directory / FILE_NAME, line)
    if targets.url:
        _post(targets.url, line, token=targets.token)
    digest.published_at = timezone.now()
    digest.save(update_fields=["published_at"])
    return digest


def published_line(digest: ChainDigest) -> dict[str, Any]:
    """What is published of a digest: enough to find its row and prove the row unchanged."""
    return {
        "system": "lienthong",
        "province": settings.LIENTHONG_PROVINCE_CODE,
        "digest_id": digest.pk,
        "covers_from": digest.covers_from.isoformat() if digest.covers_from else None,
        "covers_until": digest.covers_until.isoformat(),
        "event_count": digest.event_count,
        "digest": digest.digest,
        "key_id": digest.key_id,
        "published_at": timezone.now().isoformat(),
    }


def _append(path: Path, line: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:  # append only: a published line is never rewritten
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise PublishError(_("Không ghi được tệp %(path)s: %(error)s") % {"path": path, "error": exc}) from exc


def _post(url: str, line: dict[str, Any], *, token: str) -> None:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    request = urllib.request.Request(url, data=json.dumps(line).encode(), headers=headers, method="POST")  # noqa: S310 — the operator's URL
    try:
        with urllib.request.urlopen(request, timeout=POST_TIMEOUT) as response:  # noqa: S310
            response.read(65536)
    except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors; a bad URL is a ValueError
        raise PublishError(_("Không gửi được tới %(url)s: %(error)s") % {"url": url, "error": exc}) from exc


# -- reading back and comparing -----------------------------------------------------------------------------------


def published_read(path: Path) -> list[dict[str, Any]]:
    """The lines of a published file, or of every `*.jsonl` file of a directory; ValueError naming a bad line."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    lines = []
    for file in files:
        for number, text in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
                line["covers_until"] = _instant(line["covers_until"])
                line["covers_from"] = _instant(line["covers_from"]) if line.get("covers_from") else None
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(_("%(file)s, dòng %(line)d: không đọc được (%(error)s)")
                                 % {"file": file, "line": number, "error": exc}) from exc  # fmt: skip
            lines.append(line)
    return lines


def _instant(text: str) -> datetime:
    instant = parse_datetime(text)
    if instant is None or instant.tzinfo is None:
        raise ValueError(text)
    return instant


def published_verify(lines: Iterable[dict[str, Any]]) -> tuple[list[Break], int]:
    """(breaks, lines compared): each published digest must still be in the database, unchanged. With the digests'
    own check (each recomputed from the events under the key), that proves every event up to the newest one."""
    lines = list(lines)
    rows = ChainDigest.objects.filter(covers_until__in={line["covers_until"] for line in lines})
    stored = {digest.covers_until: digest for digest in rows}
    breaks = []
    for line in lines:
        digest = stored.get(line["covers_until"])
        if reason := _published_error(line, digest):
            breaks.append(Break(reason=reason, digest_id=digest.pk if digest else line.get("digest_id"),
                                covers_from=line["covers_from"], covers_until=line["covers_until"]))  # fmt: skip
    return breaks, len(lines)


def _published_error(line: dict[str, Any], digest: ChainDigest | None) -> str | None:
    if digest is None:
        return _("bản tóm tắt đã công bố không còn trong cơ sở dữ liệu: các bản tóm tắt mới nhất đã bị xóa")
    if (digest.digest, digest.event_count, digest.covers_from) != (
        line["digest"],
        line["event_count"],
        line["covers_from"],
    ):
        return _("khác bản đã công bố (mã %(published)s…, %(count)d sự kiện): lịch sử đã bị viết lại") % {
            "published": str(line["digest"])[:12], "count": line["event_count"]
        }  # fmt: skip
    return None
