"""What one fact adds to the daily figures. The live handler subtracts the old fact's contribution and adds the new
one; the rebuild adds every fact's — the same function, so the two agree by construction (and a test checks it)."""

from collections import Counter, defaultdict

from django.utils import timezone

from lienthong.national.constants import SyncState
from lienthong.reports.constants import FIGURE_COUNTERS, FIGURE_KEYS, ONLINE_NATIONAL_CHANNEL

Key = tuple  # (day, agency_id, unit_id, procedure_id, field_id, level, channel), FIGURE_KEYS
Figures = dict[Key, Counter]


def _key(fact: dict, day) -> Key:
    return (day, *(fact[name] for name in FIGURE_KEYS[1:]))


def fact_contribution(fact: dict | None) -> Figures:
    """The counters `fact` adds, per figure key; nothing for no fact."""
    figures: Figures = defaultdict(Counter)
    if not fact:
        return figures
    if fact["submitted_at"] is not None:
        figures[_key(fact, timezone.localtime(fact["submitted_at"]).date())]["submitted"] += 1
    if fact["received_day"] is not None:
        counters = figures[_key(fact, fact["received_day"])]
        counters["received"] += 1
        counters["online"] += fact["national_channel"] == ONLINE_NATIONAL_CHANNEL
        counters["supplement_requested"] += fact["supplement_count"] > 0
        counters["fee_bearing"] += fact["fee_total"] > 0
        counters["paid_online"] += fact["paid_online_kind"] > 0
        counters["synced_national"] += fact["national_sync_state"] == SyncState.SYNCED
    if fact["end_day"] is not None:
        counters = figures[_key(fact, fact["end_day"])]
        counters["finished"] += 1
        counters["finished_on_time"] += fact["is_on_time"] is True
        counters["finished_late"] += fact["is_on_time"] is False
        counters["e_result"] += fact["has_e_result"]
        counters["digitised"] += fact["is_digitised"]
        waited = fact["supplement_seconds"]
        spent = (fact["end_of_processing_at"] - fact["received_at"]).total_seconds() - waited
        counters["processing_seconds"] += max(int(spent), 0)
        counters["supplement_seconds"] += waited
    return figures


def figures_add(total: Figures, part: Figures, *, sign: int = 1) -> None:
    """`total` += sign × `part`, key by key."""
    for key, counters in part.items():
        into = total[key]
        for name, value in counters.items():
            into[name] += sign * int(value)


def figures_difference(old: dict | None, new: dict | None) -> Figures:
    """What replacing fact `old` by `new` changes in the figures (zero changes left out)."""
    change: Figures = defaultdict(Counter)
    figures_add(change, fact_contribution(new))
    figures_add(change, fact_contribution(old), sign=-1)
    return {key: counters for key, counters in change.items() if any(counters.values())}


def figure_rows(figures: Figures) -> list[tuple]:
    """Rows for `rows_increment`: the key, then every counter in `FIGURE_COUNTERS` order."""
    return [(*key, *(int(counters[name]) for name in FIGURE_COUNTERS)) for key, counters in figures.items()]
