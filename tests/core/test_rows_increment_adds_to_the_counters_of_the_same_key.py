"""`core.bulk.rows_increment` — the one statement the read model's additive figures are kept with — adds to the row of
the same key and creates the others, on SQLite and PostgreSQL, with dates and text in the key sent as Django would."""

import datetime as dt

import pytest

from lienthong.core.bulk import rows_increment
from lienthong.reports.models import DailyFigure

pytestmark = pytest.mark.django_db
KEYS = ("day", "agency_id", "unit_id", "procedure_id", "field_id", "level", "channel")
DAY = dt.date(2026, 12, 7)
# every counter of the table (none has a database default); the test moves the first two
COUNTERS = tuple(f.name for f in DailyFigure._meta.concrete_fields if f.name not in {"id", *KEYS})
REST = (0,) * (len(COUNTERS) - 2)


def test_counters_add_to_the_row_of_the_same_key_and_create_the_rest():
    assert COUNTERS[:2] == ("submitted", "received")
    first = (DAY, 1, 1, 2, 3, "commune", "counter", 2, 1, *REST)
    rows_increment(DailyFigure, keys=KEYS, counters=COUNTERS, rows=[first])

    rows_increment(DailyFigure, keys=KEYS, counters=COUNTERS, rows=[
        (DAY, 1, 1, 2, 3, "commune", "counter", 3, -1, *REST),  # same key: added
        (DAY + dt.timedelta(days=1), 1, 1, 2, 3, "commune", "counter", 1, 0, *REST),  # next day: a new row
    ])  # fmt: skip

    got = {(f.day, f.submitted, f.received) for f in DailyFigure.objects.all()}
    assert got == {(DAY, 5, 0), (DAY + dt.timedelta(days=1), 1, 0)}
