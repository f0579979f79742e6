"""The gateway's commune centre with its one-stop system, officers of every role, and a way to write a system's
state history directly (as the periodic check would have written it over past months)."""

import datetime as dt

import pytest

from lienthong.board.models import StateChange
from lienthong.org.models import HeadAssignment
from tests.dossiers.conftest import officers, province  # noqa: F401 — fixtures reused
from tests.gateway.conftest import _empty_cache, other_system, system  # noqa: F401 — fixtures reused

VN = dt.timezone(dt.timedelta(hours=7))


def at(day: str, time: str = "00:00") -> dt.datetime:
    """An instant in Viet Nam time: at("2026-10-01", "07:30")."""
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=VN)


@pytest.fixture
def history():
    """history(system, ("2026-09-20", "connected"), (at(...), "disconnected"), …) writes the rows."""

    def write(target, *changes):
        rows = []
        for when, state in changes:
            since = when if isinstance(when, dt.datetime) else at(when)
            rows.append(StateChange(system=target, state=state, since=since, recorded_at=since))
        return StateChange.objects.bulk_create(rows)

    return write


@pytest.fixture
def head(province):  # noqa: F811
    return HeadAssignment.objects.create(agency=province["commune_centre"], full_name="Trần Thị Bình",
                                        title="Giám đốc", starts_on=dt.date(2025, 7, 1))  # fmt: skip
