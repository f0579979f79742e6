"""A dossier's deadlines from its procedure version and the working calendar (docs/clock.md)."""

import datetime as dt

from lienthong.catalogue.models import ProcedureVersion
from lienthong.core.calendar import Computed
from lienthong.core.services import calendar_add


def due_for(*, version: ProcedureVersion, received_at: dt.datetime) -> Computed:
    """The appointment for a dossier received at `received_at` under `version`'s legal time limit."""
    return calendar_add(start=received_at, amount=version.time_limit_value or 0, unit=version.time_limit_unit)
