"""Issue 11, item 25: "on time" (Decision 766: processing ended by the due instant) was written in about ten places
— the services' event payloads, the slips, the statistics, the tracking page, the demo's history. It is written once,
in `lienthong.dossiers.urgency` (`finished_on_time`, `FINISHED_LATE`); this test fails if a comparison of an end with
a due instant appears anywhere else in the package."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "lienthong"
THE_RULE = PACKAGE / "dossiers" / "urgency.py"
# `finished_at <= x.due_at`, `d.finished_at > d.due_at`, `finished_at__gt=F("due_at")`, …
COMPARISON = re.compile(r"finished_at\s*(<=|>=|<|>)\s*[\w.]*due_at|finished_at__(gt|gte|lt|lte)\s*=\s*F\(\s*\"due_at\"")


def comparisons_in(source: str) -> list[str]:
    return [match.group(0) for match in COMPARISON.finditer(source)]


def test_only_the_urgency_module_decides_on_time():
    strays = {
        path.relative_to(PACKAGE).as_posix(): found
        for path in PACKAGE.rglob("*.py")
        if path != THE_RULE and "migrations" not in path.parts
        if (found := comparisons_in(path.read_text(encoding="utf-8")))
    }
    assert strays == {}, "use lienthong.dossiers.urgency.finished_on_time / FINISHED_LATE"


def test_the_rule_is_where_it_is_said_to_be_and_a_copy_is_seen():
    assert comparisons_in(THE_RULE.read_text(encoding="utf-8"))
    assert comparisons_in('late = finished & Q(finished_at__gt=F("due_at"))')
    assert comparisons_in("on_time = d.finished_at <= d.due_at")
