"""Writes of the catalogue: the one path for bulk content, used by the XLSX import and the demo builder.

`catalogue_import` validates everything before it writes anything, then upserts in bulk inside one transaction:
fields by code, procedures by national code, versions by (national code, announcing decision). The children of an
imported version become exactly those given, but rows are matched (documents and steps by position, authorities
and fees by order) and updated in place rather than deleted and re-created, so their ids stay stable for dossiers
that point at them and a second import of the same data writes nothing. Versions missing from the data are never
deleted: a dossier keeps the version it was received under.

The package splits that path by step — `shape` (the keys of each kind of row), `cleaning` (one value against its
model field), `validate` (the whole data, every error with its location), `write` (the bulk upsert) and `export`
(the database back as the same data) — and re-exports here what callers use.
"""

from lienthong.catalogue.services.errors import CatalogueError, CatalogueImportError
from lienthong.catalogue.services.export import catalogue_export_data
from lienthong.catalogue.services.report import ImportReport
from lienthong.catalogue.services.validate import catalogue_validate
from lienthong.catalogue.services.write import catalogue_import

__all__ = [
    "CatalogueError",
    "CatalogueImportError",
    "ImportReport",
    "catalogue_export_data",
    "catalogue_import",
    "catalogue_validate",
]
