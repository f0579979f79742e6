"""Parameters every API shares. A row id is bounded as the databases store it (bigint): a larger number is a 422
problem, not an overflow in the database driver (a 500 on SQLite) — the API's twin of `<id:…>` in URLs
(core/urlconverters.py)."""

from ninja import Path

ROW_ID_MAX = 2**63 - 1


def row_id() -> Path:
    return Path(..., ge=1, le=ROW_ID_MAX)
