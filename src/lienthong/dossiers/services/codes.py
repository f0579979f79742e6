"""The dossier code `<agency identifier>-<YYMMDD>-<NNNN>` (Circular 01/2018 art. 19; domain reference §1.3)."""

import datetime as dt

from django.db import connection

from lienthong.dossiers.models import DossierCodeCounter
from lienthong.org.models import Agency

# One statement on both engines (SQLite ≥ 3.35, PostgreSQL ≥ 9.5): take the next `count` numbers for the agency and
# day. It runs inside the receiving transaction; the row lock it takes serialises receipts of the same agency and
# day only, and a rollback returns the numbers, so codes have neither gaps nor duplicates. Callers take it as late
# in their transaction as they can (the lock is held until commit), and a batch takes all its numbers at once.
_TABLE = DossierCodeCounter._meta.db_table  # our own name, not input: the values below are parameters
_NEXT = (
    f"INSERT INTO {_TABLE} (agency_id, day, last) VALUES (%s, %s, %s) "  # noqa: S608
    f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {_TABLE}.last + excluded.last RETURNING last"
)


def dossier_code_issue(*, agency: Agency, day: dt.date) -> str:
    """The next code of `agency` on `day`; four digits, widening past 9,999 rather than wrapping."""
    return dossier_codes_issue(agency=agency, day=day, count=1)[0]


def dossier_codes_issue(*, agency: Agency, day: dt.date, count: int) -> list[str]:
    """The next `count` codes of `agency` on `day`, consecutive, in one statement (a batch of receipts)."""
    if count < 1:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_NEXT, [agency.pk, day, count])
        (last,) = cursor.fetchone()
    return [dossier_code_format(agency=agency, day=day, number=n) for n in range(last - count + 1, last + 1)]


def dossier_code_format(*, agency: Agency, day: dt.date, number: int) -> str:
    """The code of the `number`th dossier `agency` received on `day`: four digits, widening past 9,999."""
    return f"{dossier_code_prefix(agency=agency, day=day)}{number:04d}"


def dossier_code_prefix(*, agency: Agency, day: dt.date) -> str:
    """The code up to its number, which `dossier_code_issue` (or receipt_sql, in SQL) appends."""
    return f"{agency.identifier_code}-{day:%y%m%d}-"
