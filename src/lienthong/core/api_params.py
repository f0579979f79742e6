"""Parameters every API shares, bounded as the databases store them, so a bad value is a 422 problem rather than a
database error (a 500).

A row id is a bigint: a larger number would overflow in the database driver (a 500 on SQLite) — the API's twin of
`<id:…>` in URLs (core/urlconverters.py). A text in the path cannot hold NUL: PostgreSQL's text cannot store or
compare it (a 500 on PostgreSQL only, found by schemathesis), and the request parser (core/api_parser.py), which
refuses it in a body or a query string, never sees the path. tests/gateway/test_nul_in_a_path_parameter_is_a_422_*
sends a NUL to every text path parameter of docs/openapi.json."""

from typing import Annotated

from ninja import Path
from pydantic import Field

ROW_ID_MAX = 2**63 - 1
NO_NUL = r"^[^\x00]*$"
# A row id in a body (a list of documents ticked, a step): bounded as a bigint, so a larger number is a 422 problem,
# not an overflow in the driver (schemathesis sent -6772727730651975573831680 in `documents_present`: a 500 on SQLite).
RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]


def row_id() -> Path:
    return Path(..., ge=1, le=ROW_ID_MAX)


def text_path(*, max_length: int, description: str = "") -> Path:
    """A text in the path: at most `max_length` characters, no NUL."""
    return Path(..., min_length=1, max_length=max_length, pattern=NO_NUL, description=description)
