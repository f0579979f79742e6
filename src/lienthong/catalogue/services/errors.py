"""The errors an import is refused with, kept apart so the XLSX reader can map them back to cells."""

import dataclasses
from collections.abc import Iterable


@dataclasses.dataclass(frozen=True)
class CatalogueError:
    """One problem in the data: where (`procedures[3].steps[2]`, or `ThuTuc!H7` once mapped to a sheet), in which
    column (the data key, or the column title once mapped) and what is wrong, in Vietnamese."""

    location: str
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.location} ({self.column}): {self.message}" if self.column else f"{self.location}: {self.message}"


class CatalogueImportError(Exception):
    """Every problem found in the data; raised before anything is written."""

    def __init__(self, errors: Iterable[CatalogueError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))
