"""Choosing one agency among hundreds by typing part of its name (issue 11 item 8: a 300-option select is no way to
find a commune's centre on a phone). The matching is done here, on the server, so the form works without
JavaScript (type, press "Tìm", pick); a small script (portal/static/portal/picker.js) only asks for the same
fragment as the citizen types. Words match in any order, with or without diacritics (core.text.fold)."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from lienthong.core.text import fold
from lienthong.org.models import Agency

SHOWN = 8  # a phone screen of choices; more matches ask for another word
QUERY_MAX_LENGTH = 100


@dataclass(frozen=True)
class AgencyChoice:
    id: int
    name: str
    selected: bool = False


@dataclass(frozen=True)
class AgencyChoices:
    query: str
    rows: list[AgencyChoice] = field(default_factory=list)
    matched: int = 0  # agencies the query found (the chosen one aside)
    more: int = 0  # matches not shown

    @property
    def nothing_found(self) -> bool:
        return bool(self.query) and not self.matched


def agency_choices(*, agencies: QuerySet[Agency], query: str, selected: int | None) -> AgencyChoices:
    """The chosen agency first, then up to SHOWN agencies whose name (or unit's name) has every word of `query`;
    none but the chosen one without a query. One query whatever the number of agencies."""
    query = " ".join(query.replace("\x00", "").split())[:QUERY_MAX_LENGTH]
    words = fold(query).split()
    rows, matched = [], 0
    for pk, name, unit_name in agencies.order_by("name").values_list("pk", "name", "unit__name"):
        if pk == selected:
            rows.insert(0, AgencyChoice(pk, name, selected=True))
            continue
        haystack = f"{fold(name)} {fold(unit_name or '')}"
        if words and all(word in haystack for word in words):
            matched += 1
            if matched <= SHOWN:
                rows.append(AgencyChoice(pk, name))
    return AgencyChoices(query=query, rows=rows, matched=matched, more=max(matched - SHOWN, 0))
