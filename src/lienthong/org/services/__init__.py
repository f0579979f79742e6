"""Writes of the org app: administrative units and their history, agencies, heads' terms, officers and roles.

The bulk services (`*_upsert`, `*_load`) are idempotent: they key rows on their natural key, insert what is
missing, update what differs and touch nothing else, so a second run with the same data writes no row.

The package splits those writes by what they write — `units` (units by period, the import from the
`vietnam-provinces` package, successions), `agencies` (agencies by QCVN 102 code), `heads` (heads' terms, one
accountable person a day) and `officers` (accounts, roles, admin permissions) — with `errors` (`OrgError`) and
`results` (`UpsertResult`) shared by all, and re-exports here what callers use.
"""

from lienthong.org.services.agencies import AgencyRow, agencies_upsert, agency_create
from lienthong.org.services.errors import OrgError
from lienthong.org.services.heads import HeadRow, head_assign, head_assignments_load
from lienthong.org.services.officers import (
    OfficerRow,
    officer_admin_permissions_grant,
    officer_role_grant,
    officer_roles_grant,
    officers_load,
)
from lienthong.org.services.results import UpsertResult
from lienthong.org.services.units import (
    REFORM_2025,
    UnitRow,
    unit_code,
    unit_record_succession,
    unit_rows_from_package,
    units_import_from_package,
    units_record_successions,
    units_upsert,
)

__all__ = [
    "REFORM_2025",
    "AgencyRow",
    "HeadRow",
    "OfficerRow",
    "OrgError",
    "UnitRow",
    "UpsertResult",
    "agencies_upsert",
    "agency_create",
    "head_assign",
    "head_assignments_load",
    "officer_admin_permissions_grant",
    "officer_role_grant",
    "officer_roles_grant",
    "officers_load",
    "unit_code",
    "unit_record_succession",
    "unit_rows_from_package",
    "units_import_from_package",
    "units_record_successions",
    "units_upsert",
]
