"""The spread of a generated province (bench/province.py), read back from the database and printed as a figure:
dossiers per quarter with their open and late shares, the mix of statuses, channels, levels and sync states, and
the busiest agency-day's code number (the national format holds four digits)."""

from django.db import connection

from lienthong.dossiers.constants import TERMINAL_STATUSES

BAR = 50  # characters of the longest bar

_QUARTERS = """
SELECT to_char(date_trunc('quarter', created_at AT TIME ZONE %(tz)s), 'YYYY-"Q"Q') AS quarter, count(*),
       count(*) FILTER (WHERE NOT status = ANY(%(terminal)s)),
       count(*) FILTER (WHERE status = 'returned' AND finished_at > due_at),
       count(*) FILTER (WHERE status = 'returned'),
       count(*) FILTER (WHERE supplement_count > 0)
FROM dossiers_dossier GROUP BY 1 ORDER BY 1
"""
_BY = {
    "status": "SELECT status, count(*) FROM dossiers_dossier GROUP BY 1 ORDER BY 2 DESC",
    "channel": "SELECT channel, count(*) FROM dossiers_dossier GROUP BY 1 ORDER BY 2 DESC",
    "level": """SELECT a.level, count(*), count(DISTINCT a.id) FROM dossiers_dossier d
                JOIN org_agency a ON a.id = d.agency_id GROUP BY 1 ORDER BY 2 DESC""",
    "sync": "SELECT state, count(*) FROM national_nationalsync GROUP BY 1 ORDER BY 2 DESC",
    "step_levels": """SELECT a.level, count(*), count(DISTINCT a.id) FROM dossiers_stepinstance s
                JOIN org_agency a ON a.id = s.agency_id GROUP BY 1 ORDER BY 2 DESC""",
}
_COUNTS = """
SELECT (SELECT count(*) FROM dossiers_dossier), (SELECT count(*) FROM dossiers_dossierevent),
       (SELECT count(*) FROM dossiers_stepinstance), (SELECT count(*) FROM dossiers_attachment),
       (SELECT max(last) FROM dossiers_dossiercodecounter),
       (SELECT count(DISTINCT a.unit_id) FROM dossiers_dossier d JOIN org_agency a ON a.id = d.agency_id
        WHERE a.level = 'commune')
"""


def spread_read() -> dict:
    from django.conf import settings

    terminal = [str(s) for s in TERMINAL_STATUSES]
    with connection.cursor() as cursor:
        cursor.execute(_QUARTERS, {"tz": settings.TIME_ZONE, "terminal": terminal})
        quarters = cursor.fetchall()
        spread = {"quarters": quarters}
        for name, sql in _BY.items():
            cursor.execute(sql)
            spread[name] = cursor.fetchall()
        cursor.execute(_COUNTS)
        counts = cursor.fetchone()
    total = counts[0]
    spread.update(
        dossiers=total, events=counts[1], steps=counts[2], files=counts[3], busiest_code_number=counts[4] or 0,
        communes=counts[5], steps_total=sum(n for _, n, _ in spread["step_levels"]),
        open=sum(q[2] for q in quarters), late=sum(q[3] for q in quarters),
        returned=sum(q[4] for q in quarters), supplemented=sum(q[5] for q in quarters),
    )  # fmt: skip
    return spread


def spread_print(spread: dict, say) -> None:
    total = max(spread["dossiers"], 1)
    say(f"\nspread of {spread['dossiers']:,} dossiers ({spread['events']:,} events, {spread['steps']:,} steps, "
        f"{spread['files']:,} files):")  # fmt: skip
    say(f"  open {spread['open'] / total:.1%} · returned late {spread['late'] / max(spread['returned'], 1):.1%} of "
        f"returned · with a supplement {spread['supplemented'] / total:.1%} · busiest agency-day's code number "
        f"{spread['busiest_code_number']:,} (national format: up to 9,999)")  # fmt: skip
    widest = max((q[1] for q in spread["quarters"]), default=1)
    say("  quarter    dossiers   open   late  " + "█ = dossiers")
    for quarter, count, open_, late, returned, _supplemented in spread["quarters"]:
        bar = "█" * max(1, round(BAR * count / widest))
        say(f"  {quarter}  {count:>9,}  {open_ / count:>5.1%}  {late / max(returned, 1):>5.1%}  {bar}")
    for name in ("status", "channel", "sync"):
        parts = " · ".join(f"{key} {n / max(sum(c for _, c in spread[name]), 1):.1%}" for key, n in spread[name])
        say(f"  {name}: {parts}")
    levels = " · ".join(f"{level} {n / total:.1%} ({agencies} agencies)" for level, n, agencies in spread["level"])
    say(f"  receiving level: {levels}; {spread['communes']} communes receive")
    steps = max(spread["steps_total"], 1)
    levels = " · ".join(
        f"{level} {n / steps:.1%} ({agencies} agencies)" for level, n, agencies in spread["step_levels"]
    )
    say(f"  processing steps by level: {levels}")
