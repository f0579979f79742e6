"""The dossier code `<agency identifier>-<YYMMDD>-<NNNN>` (Circular 01/2018 art. 19; domain reference §1.3)."""

import datetime as dt

from django.db import connection

from lienthong.dossiers.models import DossierCodeCounter
from lienthong.org.models import Agency

# One statement on both engines (SQLite ≥ 3.35, PostgreSQL ≥ 9.5): take the next number for the agency and day.
# It runs inside the receiving transaction; the row lock it takes serialises receipts of the same agency and
# day only, and a rollback returns the number, so codes have neither gaps nor duplicates.
_TABLE = DossierCodeCounter._meta.db_table  # our own name, not input: the values below are parameters
_NEXT = (
    f"INSERT INTO {_TABLE} (agency_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608
    f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {_TABLE}.last + 1 RETURNING last"
)


def dossier_code_issue(*, agency: Agency, day: dt.date) -> str:
    """The next code of `agency` on `day`; four digits, widening past 9,999 rather than wrapping."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT, [agency.pk, day])
        (number,) = cursor.fetchone()
    return dossier_code_format(agency=agency, day=day, number=number)


def dossier_code_format(*, agency: Agency, day: dt.date, number: int) -> str:
    """The code of the `number`th dossier `agency` received on `day`: four digits, widening past 9,999."""
    return f"{dossier_code_prefix(agency=agency, day=day)}{number:04d}"


def dossier_code_prefix(*, agency: Agency, day: dt.date) -> str:
    """The code up to its number, which `dossier_code_issue` (or receipt_sql, in SQL) appends."""
    return f"{agency.identifier_code}-{day:%y%m%d}-"
