"""The naive aggregates bench/dashboards.py times beside each page: the same figures counted over the dossier table
(`dossiers_dossier`, joined to its events, files and sync state as the figures need), as a dashboard would without
the read model. Raw SQL on PostgreSQL, grouped by the database in as few statements as the page's figures allow;
the rows per receiving agency × procedure version are folded into the scored unit answering for them in Python
(`reports.units.answering_units`), as the read model's facts are.

Each figure's rule is the read model's (docs/dashboards.md, "The facts"): received in the period; processing ended
(`finished_at`) by the judgement instant; on time = ended (or judged, if open) by `due_at` and fewer than the
version's `overdue_at_supplement_count` supplement requests after receipt (events `supplement_requested` whose
status before was not `submitted`); online = KenhThucHien 2; synced = the portal holds it as received (a sync
succeeded and told more than the submission: `reports.facts.fact_sync_state`); an electronic
result = returned electronically with a stored result file; digitised = a stored component file and a result file;
with a fee = the version's published fees sum above 0.
"""

import datetime as dt
from collections import defaultdict

from django.db import connection, transaction

ONLINE_CHANNELS = ("own_portal", "national_portal", "connected_system")  # national.records.CHANNEL_CODES → 2
OVERDUE_AT_SUPPLEMENTS = 2  # qd766-2026-v1's counting rule

# Per dossier received in [%(start)s, %(end)s), judged at %(judged)s: the columns each figure is counted from.
_DOSSIERS = """
    SELECT d.id, d.agency_id, ag.level AS agency_level, d.procedure_version_id, pv.procedure_id, d.received_at,
           d.due_at, d.channel, d.finished_at,
           (d.finished_at IS NOT NULL AND d.finished_at < %(judged)s) AS ended,
           (SELECT count(*) FROM dossiers_dossierevent e WHERE e.dossier_id = d.id
              AND e.kind = 'supplement_requested' AND e.status_before <> 'submitted') AS supplements,
           EXISTS (SELECT 1 FROM dossiers_attachment a WHERE a.dossier_id = d.id AND a.kind = 'result'
              AND a.file <> '') AS result_file,
           EXISTS (SELECT 1 FROM dossiers_attachment a WHERE a.dossier_id = d.id AND a.kind = 'submitted'
              AND a.file <> '') AS component_file,
           d.status = 'returned' AND d.result_delivery = 'electronic' AS electronic,
           COALESCE(s.last_synced_at IS NOT NULL AND s.synced_status <> 'submitted', false) AS synced,
           COALESCE((SELECT sum(f.amount) FROM catalogue_fee f WHERE f.version_id = d.procedure_version_id), 0) > 0
             AS with_fee
    FROM dossiers_dossier d
    JOIN catalogue_procedureversion pv ON pv.id = d.procedure_version_id
    JOIN org_agency ag ON ag.id = d.agency_id
    LEFT JOIN national_nationalsync s ON s.dossier_id = d.id
    WHERE d.received_at >= %(start)s AND d.received_at < %(end)s
"""
_ON_TIME = (
    "(x.supplements < %(overdue_at)s AND (x.due_at IS NULL OR x.due_at >= "
    "CASE WHEN x.ended THEN x.finished_at ELSE %(judged)s END))"
)
FIGURES = {
    "dossiers_received": "count(*)",
    "dossiers_received_online": f"count(*) FILTER (WHERE x.channel IN {ONLINE_CHANNELS!r})",
    "dossiers_synced": "count(*) FILTER (WHERE x.synced)",
    "dossiers_on_time": f"count(*) FILTER (WHERE {_ON_TIME})",
    "dossiers_overdue": f"count(*) FILTER (WHERE NOT {_ON_TIME})",
    "dossiers_finished": "count(*) FILTER (WHERE x.ended)",
    "dossiers_with_e_result": "count(*) FILTER (WHERE x.ended AND x.electronic AND x.result_file)",
    "dossiers_digitised": "count(*) FILTER (WHERE x.ended AND x.result_file AND x.component_file)",
    "dossiers_with_fee": "count(*) FILTER (WHERE x.with_fee)",
    "dossiers_with_synced_fee": "count(*) FILTER (WHERE x.with_fee AND x.synced)",
}
_GROUPS = {
    "agency": "x.agency_id",  # with the version and the level: what the unit answering for a dossier depends on
    "version": "x.procedure_version_id",
    "level": "x.agency_level",
    "procedure": "x.procedure_id",
    "month": "date_trunc('month', x.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')",
}


def _rows(sql: str, params: dict) -> list[dict]:
    """Run a read-only statement without the web request's statement timeout (the naive side may take long)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def figures_grouped(*, start: dt.datetime, end: dt.datetime, judged: dt.datetime, by: tuple[str, ...]) -> list[dict]:
    """The 766 dossier figures of the dossiers received in [start, end), one row per combination of `by` and of
    the receiving agency, version and level (what `by_unit` folds into the answering units)."""
    by = tuple(dict.fromkeys((*by, "agency", "version", "level")))
    keys = ", ".join(f"{_GROUPS[name]} AS {name}" for name in by)
    sums = ", ".join(f"{sql} AS {name}" for name, sql in FIGURES.items())
    sql = f"SELECT {keys}, {sums} FROM ({_DOSSIERS}) x GROUP BY {', '.join(by)}"  # noqa: S608
    params = {"start": start, "end": end, "judged": judged, "overdue_at": OVERDUE_AT_SUPPLEMENTS}
    return _rows(sql, params)


def units_of(rows: list[dict], tree) -> list[int]:
    """The scored unit answering for each row's dossiers (`answering_units`, two queries)."""
    from lienthong.reports.units import answering_units

    keyed = [{"pk": n, "agency_id": row["agency"], "agency__level": row["level"],
              "procedure_version_id": row["version"]} for n, row in enumerate(rows)]  # fmt: skip
    answering = answering_units(keyed, tree=tree)
    return [answering[n] for n in range(len(rows))]


def by_unit(rows: list[dict], tree) -> dict:
    """The rows folded into their answering units, and the province's total under None."""
    units: dict = defaultdict(lambda: defaultdict(int))
    for row, unit in zip(rows, units_of(rows, tree), strict=True):
        for name in FIGURES:
            units[unit][name] += row[name]
            units[None][name] += row[name]
    return units


def scores(*, start, end, judged, tree) -> dict:
    """Every unit's dossier figures for a period (what ranking the units needs)."""
    return by_unit(figures_grouped(start=start, end=end, judged=judged, by=("agency",)), tree)


def monthly_scores(*, start, end, judged, tree) -> dict:
    """Every unit's figures for each month of [start, end): the trend a page draws (ranks need every unit)."""
    months: dict = defaultdict(list)
    for row in figures_grouped(start=start, end=end, judged=judged, by=("month",)):
        months[row["month"]].append(row)
    return {month: by_unit(group, tree) for month, group in months.items()}


def unit_procedures(*, start, end, judged, tree, unit_id: int) -> list[dict]:
    """One unit's figures per procedure (the unit page's "procedures to fix")."""
    rows = figures_grouped(start=start, end=end, judged=judged, by=("procedure",))
    return [row for row, unit in zip(rows, units_of(rows, tree), strict=True) if unit == unit_id]


def dossier_list(*, start, end, judged, agency_ids, figure: str, offset: int, limit: int) -> tuple[int, list]:
    """The dossiers behind one figure of a unit: their number and one page of them, by id."""
    condition = {"dossiers_overdue": f"NOT {_ON_TIME}", "dossiers_received": "true"}[figure]
    inner = _DOSSIERS + ("AND d.agency_id = ANY(%(agencies)s)" if agency_ids is not None else "")
    params = {"start": start, "end": end, "judged": judged, "overdue_at": OVERDUE_AT_SUPPLEMENTS,
              "agencies": list(agency_ids or []), "offset": offset, "limit": limit}  # fmt: skip
    count = _rows(f"SELECT count(*) AS n FROM ({inner}) x WHERE {condition}", params)[0]["n"]  # noqa: S608
    page = _rows(
        f"SELECT x.id, d.code, d.applicant_name FROM ({inner}) x JOIN dossiers_dossier d ON d.id = x.id "  # noqa: S608
        f"WHERE {condition} ORDER BY x.id OFFSET %(offset)s LIMIT %(limit)s",
        params,
    )
    return count, page


_ON_TIME_TABLE = """
    SELECT {key} AS key,
           count(*) FILTER (WHERE d.received_at >= %(start)s AND d.received_at < %(end)s) AS received,
           count(*) FILTER (WHERE d.finished_at >= %(start)s AND d.finished_at < %(end)s) AS finished,
           count(*) FILTER (WHERE d.finished_at >= %(start)s AND d.finished_at < %(end)s
                              AND (d.due_at IS NULL OR d.finished_at <= d.due_at)) AS finished_on_time,
           count(*) FILTER (WHERE d.finished_at >= %(start)s AND d.finished_at < %(end)s
                              AND d.finished_at > d.due_at) AS finished_late,
           sum(extract(epoch FROM d.finished_at - d.received_at))
             FILTER (WHERE d.finished_at >= %(start)s AND d.finished_at < %(end)s) AS processing_seconds,
           count(*) FILTER (WHERE d.finished_at IS NULL AND d.due_at < %(now)s) AS overdue_now
    FROM dossiers_dossier d
    WHERE d.received_at IS NOT NULL AND ((d.received_at >= %(start)s AND d.received_at < %(end)s)
       OR (d.finished_at >= %(start)s AND d.finished_at < %(end)s) OR (d.finished_at IS NULL AND d.due_at < %(now)s))
    GROUP BY 1
"""


def on_time_table(*, start, end, now, by: str) -> list[dict]:
    """The on-time table's counters for [start, end) in one pass over the dossier table, by agency or by month —
    by month each dossier is put in the month it ended in (else was received in): the same rows read as the
    table's figures, not exactly its split of received and finished by month."""
    key = {"agency": "d.agency_id", "month": "date_trunc('month', COALESCE(d.finished_at, d.received_at) "
           "AT TIME ZONE 'Asia/Ho_Chi_Minh')"}[by]  # fmt: skip
    return _rows(_ON_TIME_TABLE.format(key=key), {"start": start, "end": end, "now": now})


_PUBLIC_BY_AGENCY = """
    SELECT d.agency_id, ag.name, ag.level,
           count(*) FILTER (WHERE d.received_at >= %(start)s AND d.received_at < %(end)s) AS received,
           count(*) FILTER (WHERE d.received_at IS NOT NULL AND d.finished_at >= %(start)s
                              AND d.finished_at < %(end)s) AS finished,
           count(*) FILTER (WHERE d.received_at IS NOT NULL AND d.finished_at >= %(start)s
                              AND d.finished_at < %(end)s AND d.finished_at > d.due_at) AS late,
           count(*) FILTER (WHERE d.received_at < %(cutoff)s AND d.due_at < %(cutoff)s
                              AND (d.finished_at IS NULL OR d.finished_at >= %(cutoff)s)) AS overdue_open
    FROM dossiers_dossier d JOIN org_agency ag ON ag.id = d.agency_id
    WHERE (d.received_at >= %(start)s AND d.received_at < %(end)s)
       OR (d.received_at IS NOT NULL AND d.finished_at >= %(start)s AND d.finished_at < %(end)s)
       OR (d.received_at < %(cutoff)s AND d.due_at < %(cutoff)s
           AND (d.finished_at IS NULL OR d.finished_at >= %(cutoff)s))
    GROUP BY d.agency_id, ag.name, ag.level
"""
_PUBLIC_TREND = """
    SELECT date_trunc('month', d.{column} AT TIME ZONE 'Asia/Ho_Chi_Minh') AS month, count(*) AS n,
           count(*) FILTER (WHERE d.finished_at > d.due_at) AS late
    FROM dossiers_dossier d
    WHERE d.received_at IS NOT NULL AND d.{column} >= %(start)s AND d.{column} < %(end)s
    GROUP BY 1
"""


def public_statistics(*, start, end, trend_start, now) -> tuple[list[dict], list[dict], list[dict]]:
    """`/thong-ke/`'s figures over the dossier table, as the page counted them before the read model (received,
    finished, late, overdue now per receiving agency for the month; the 12 months received and finished)."""
    return (
        _rows(_PUBLIC_BY_AGENCY, {"start": start, "end": end, "cutoff": min(now, end)}),
        _rows(_PUBLIC_TREND.format(column="received_at"), {"start": trend_start, "end": end}),
        _rows(_PUBLIC_TREND.format(column="finished_at"), {"start": trend_start, "end": end}),
    )
