"""What other apps add to the board without the board importing them: notes per agency (the roadmap's status, …),
shown beside the connection state on the board, on an agency's page and in the monthly compliance report.

An app registers a source at start-up (AppConfig.ready); a source answers for many agencies at once, in a fixed
number of queries, so the board's cost stays bounded.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Note:
    heading: str  # what the note is about ("Lộ trình")
    label: str  # its short state ("2 quá hạn")
    css: str = ""  # a badge class of backoffice.css
    url: str = ""
    details: tuple[str, ...] = field(default_factory=tuple)  # lines for the report (an overdue item each)


NoteSource = Callable[..., dict[int, list[Note]]]  # (agency_ids=…, on=date) → agency id → notes
_SOURCES: list[NoteSource] = []


def board_notes_register(source: NoteSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def board_notes(*, agency_ids: list[int], on: dt.date) -> dict[int, list[Note]]:
    """Every registered source's notes for these agencies, as of the day `on`."""
    notes: dict[int, list[Note]] = {}
    for source in _SOURCES:
        for agency_id, found in source(agency_ids=agency_ids, on=on).items():
            notes.setdefault(agency_id, []).extend(found)
    return notes
