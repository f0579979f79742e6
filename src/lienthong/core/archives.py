"""Zip-based files (xlsx, docx) checked against zip bombs before anything unpacks them (issue 11 §16).

A zip bomb is a small archive whose members unpack to gigabytes. Python's `zipfile`, which openpyxl reads through,
never unpacks a member past the size its central directory declares, so those declared sizes bound the work: their
sum, the number of members and each large member's ratio are checked from the directory alone, before one byte is
inflated.
"""

import io
import zipfile
from pathlib import Path
from typing import IO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

RATIO_CHECKED_FROM = 1024 * 1024  # small members may compress a lot (an empty sheet's XML); a bomb is large


def zip_refusal(
    source: IO[bytes] | bytes | str | Path, *, max_total_bytes: int, max_ratio: int, max_members: int
) -> str | None:
    """Why this archive may not be unpacked, or None (also for what is not a zip: its reader will say so)."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    start = stream.tell() if hasattr(stream, "tell") else None
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        if start is not None:
            stream.seek(start)
    if len(members) > max_members:
        return _("tệp nén có quá nhiều thành phần (%(count)d, tối đa %(max)d).") % {"count": len(members),
                                                                                   "max": max_members}  # fmt: skip
    total = sum(member.file_size for member in members)
    if total > max_total_bytes:
        return _("tệp nén giải nén ra %(size)s, quá giới hạn %(max)s.") % {
            "size": filesizeformat(total), "max": filesizeformat(max_total_bytes)
        }  # fmt: skip
    for member in members:
        if member.file_size >= RATIO_CHECKED_FROM and member.file_size > max_ratio * max(member.compress_size, 1):
            return _("thành phần “%(name)s” nén quá %(ratio)d lần: có dấu hiệu tệp nén độc hại (zip bomb).") % {
                "name": member.filename[:100], "ratio": max_ratio
            }  # fmt: skip
    return None
