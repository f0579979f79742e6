"""The commune of tests.dossiers (its committee and its one-stop centre) with its officers and a head in office."""

import datetime as dt

import pytest

from lienthong.org.models import HeadAssignment
from tests.dossiers.conftest import officers, province  # noqa: F401 — fixtures reused
from tests.gateway.conftest import _empty_cache, system  # noqa: F401 — fixtures reused

VN = dt.timezone(dt.timedelta(hours=7))


def at(day: str, time: str = "09:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=VN)


@pytest.fixture
def head(province, officers):  # noqa: F811
    """The commune centre's director, with an account whose address the escalation also writes to."""
    user = officers["leader@commune_centre"]
    user.email = "giamdoc@tranbien.example"
    user.save(update_fields=["email"])
    centre = province["commune_centre"]
    centre.email = "ttpvhcc@tranbien.example"
    centre.save(update_fields=["email"])
    return HeadAssignment.objects.create(
        agency=centre, full_name="Trần Thị Bình", title="Giám đốc", user=user, starts_on=dt.date(2025, 7, 1)
    )
