"""The catalogue as an Excel workbook that officials read and edit, and back.

One sheet per table and one header row of fixed Vietnamese titles, which are the stable key (a column is found by
its title or its data key, so officials may reorder columns or add their own, which are ignored). Child sheets
point at their version by national code + announcing decision. Codes are text cells so Excel never turns
1.001190 into the number 1.00119; enums are codes with a drop-down; JSON is text in a cell; dates are real dates.
Every error, from parsing or from the service's validation, is reported as `Sheet!<letter><row> (<title>)`.

`layout` defines the sheets and columns, `write` produces the workbook, `cells` parses one cell and `read` reads
the workbook back and imports it.
"""

from lienthong.catalogue.xlsx.read import catalogue_from_xlsx, catalogue_import_xlsx
from lienthong.catalogue.xlsx.write import catalogue_export_xlsx, catalogue_to_xlsx

__all__ = ["catalogue_export_xlsx", "catalogue_from_xlsx", "catalogue_import_xlsx", "catalogue_to_xlsx"]
