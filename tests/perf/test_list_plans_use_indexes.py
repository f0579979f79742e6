"""Issue 18: no list reads the dossier, step or event tables from end to end. Over a generated history of 100,000
dossiers (tests/perf/big_tables.py), each list's real statements — the selector's queryset evaluated as its page
evaluates it, prefetches and counts included, captured as sent — are EXPLAINed, and no plan may hold a sequential
scan of those tables. PostgreSQL only: SQLite has no planner worth asking, and the province runs PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.accounts.constants import ContactKind
from lienthong.accounts.models import CitizenProfile
from lienthong.accounts.selectors import citizen_dossiers
from lienthong.core.keyset import keyset_page
from lienthong.dossiers.documents.selectors import ledger_dossiers
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.selectors import (
    INBOX_ORDER,
    SEARCH_ORDER,
    Box,
    dossier_for_page,
    dossier_list_for_inbox,
    dossier_search,
)
from lienthong.gateway.constants import SystemKind
from lienthong.gateway.models import ConnectedSystem, ReconciliationReport
from lienthong.gateway.selectors import cursor_encode, reconciliation_differences, system_dossier_page
from lienthong.gateway.services.credentials import system_create
from lienthong.org.access import OfficerScope
from lienthong.org.constants import Role
from lienthong.portal.tracking_reads import tracked_dossier, tracked_timeline
from tests.perf.big_tables import big_tables_drop, big_tables_write

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL only"),
    pytest.mark.django_db,
]
TABLES = ("dossiers_dossier", "dossiers_stepinstance", "dossiers_dossierevent")
PAGE = 100


@pytest.fixture(scope="module")
def big(django_db_setup, django_db_blocker):
    """The history, committed once for the module and removed after it (each test still runs in its own
    transaction, rolled back)."""
    with django_db_blocker.unblock():
        big = big_tables_write()
        try:
            yield big
        finally:
            big_tables_drop()


def _plans(run) -> list[tuple[str, str]]:
    """(statement, plan) of every statement `run` sends that reads one of TABLES."""
    with CaptureQueriesContext(connection) as captured:
        run()
    statements = [q["sql"] for q in captured.captured_queries if any(table in q["sql"] for table in TABLES)]
    assert statements, "the list read nothing from the dossier tables"
    plans = []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return plans


def _assert_indexed(run) -> list[str]:
    """No sequential scan of TABLES in any plan; the plans, for a test to look further."""
    plans = _plans(run)
    for sql, plan in plans:
        scans = [table for table in TABLES if f"Seq Scan on {table}" in plan]
        assert not scans, f"{sql}\n{plan}"
    return [plan for _sql, plan in plans]


def _scope(big, **roles: list[int]) -> OfficerScope:
    return OfficerScope(user_id=big.user_id, roles={role: frozenset(ids) for role, ids in roles.items()})


def _pages(queryset, order) -> None:
    """The first page as the back office reads it (`keyset_page`: its count and rows), and the next, after the
    first page's cursor, if there is one."""
    first = keyset_page(queryset, order, size=PAGE)
    if first.has_next:
        keyset_page(queryset, order, cursor=first.next_cursor, size=PAGE)


def _inbox(scope: OfficerScope, box: str, urgency: str = "") -> None:
    _pages(dossier_list_for_inbox(scope=scope, box=box, urgency=urgency), INBOX_ORDER)


def _a_dossier(big, *, status: str = "returned") -> Dossier:
    return Dossier.objects.filter(agency=big.agencies[7], status=status).order_by("pk")[5:6].get()


# -- the officers' inboxes ----------------------------------------------------------------------------------------


def test_inbox_desk_mine(big):
    _assert_indexed(lambda: _inbox(_scope(big, **{Role.RECEIVER: [big.agencies[3].pk]}), Box.MINE))


def test_inbox_desk_agency(big):
    _assert_indexed(lambda: _inbox(_scope(big, **{Role.RECEIVER: [big.agencies[3].pk]}), Box.AGENCY))


def test_inbox_specialist_mine(big):
    _assert_indexed(lambda: _inbox(_scope(big, **{Role.SPECIALIST: [big.agencies[4].pk]}), Box.MINE))


def test_inbox_leader_agency(big):
    _assert_indexed(lambda: _inbox(_scope(big, **{Role.LEADER: [big.agencies[4].pk]}), Box.AGENCY))


def test_inbox_province_monitor(big):
    plans = _assert_indexed(lambda: _inbox(_scope(big, **{Role.MONITOR: [big.agencies[2].pk]}), Box.MONITOR))
    # the deadline is read from the row: no subquery over the steps per dossier
    assert not any("dossiers_stepinstance" in plan and "SubPlan" in plan for plan in plans[:2]), plans


def test_inbox_province_monitor_late_only(big):
    _assert_indexed(lambda: _inbox(_scope(big, **{Role.MONITOR: [big.agencies[2].pk]}), Box.MONITOR, "late"))


def test_inbox_commune_monitor(big):
    _assert_indexed(lambda: _inbox(_scope(big, **{Role.MONITOR: [big.agencies[40].pk]}), Box.MONITOR))


# -- the back office's search ---------------------------------------------------------------------------------------


def _search(big, query: str, role: str = Role.MONITOR) -> None:
    """The search as the province's monitoring office makes it (all dossiers: no agency narrows it), or (`role`
    receiver) as the desk of agency 7."""
    queryset = dossier_search(scope=_scope(big, **{role: [big.agencies[7 if role == Role.RECEIVER else 2].pk]}),
                              query=query)  # fmt: skip
    assert queryset.count() >= 1, query
    _pages(queryset, SEARCH_ORDER)


def test_search_by_name_without_diacritics(big):
    plans = _assert_indexed(lambda: _search(big, "tran duc thang"))
    assert any("dossier_applicant_name_trgm" in plan for plan in plans), plans


def test_search_by_name_with_diacritics(big):
    _assert_indexed(lambda: _search(big, "Trần Đức Thắng"))


def test_search_by_code(big):
    code = _a_dossier(big).code
    _assert_indexed(lambda: _search(big, code.lower()))


def test_search_by_code_prefix(big):
    code = _a_dossier(big).code
    _assert_indexed(lambda: _search(big, code[:-2]))


def test_search_by_identity_number(big):
    _assert_indexed(lambda: _search(big, _a_dossier(big).applicant_id_number))


def test_search_by_identity_number_at_a_desk(big):
    _assert_indexed(lambda: _search(big, _a_dossier(big).applicant_id_number, Role.RECEIVER))


def test_search_by_tax_code(big):
    number = Dossier.objects.filter(agency=big.agencies[7]).exclude(applicant_tax_code="").first().applicant_tax_code
    _assert_indexed(lambda: _search(big, number))


# -- one dossier: tracking by code (portal page and API), the back office's dossier page ----------------------------


def test_tracking_by_code(big):
    dossier = _a_dossier(big)

    def track():
        tracked = tracked_dossier(code=dossier.code)
        tracked_timeline(dossier_id=tracked.pk, step_kind="step")

    _assert_indexed(track)


def test_dossier_page(big):
    dossier = _a_dossier(big, status="processing")
    scope = _scope(big, **{Role.RECEIVER: [big.agencies[7].pk]})
    _assert_indexed(lambda: dossier_for_page(scope=scope, dossier_id=dossier.pk))


# -- the citizen's "Hồ sơ của tôi" ------------------------------------------------------------------------------------


def test_my_dossiers(big):
    dossier = _a_dossier(big)
    profile = CitizenProfile(user_id=big.user_id, full_name="Trần Đức Thắng", phone=dossier.applicant_phone,
                             contact_kind=ContactKind.PHONE, verified_at=big.now)  # fmt: skip
    _assert_indexed(lambda: list(citizen_dossiers(profile=profile)))


# -- a connected system's dossier list (API, cursor pages) -----------------------------------------------------------


def _system(big) -> ConnectedSystem:
    return ConnectedSystem(pk=1, agency_id=big.agencies[7].pk, name="Phần mềm một cửa")


def test_api_dossier_list_first_page(big):
    _assert_indexed(lambda: system_dossier_page(system=_system(big)))


def test_api_dossier_list_after_a_cursor(big):
    middle = Dossier.objects.filter(agency=big.agencies[7]).order_by("updated_at", "pk")[500]
    cursor = cursor_encode(middle.updated_at, middle.pk)
    _assert_indexed(lambda: system_dossier_page(system=_system(big), cursor=cursor))


def test_api_dossier_list_by_status_and_date(big):
    since = big.now - dt.timedelta(days=30)
    _assert_indexed(lambda: system_dossier_page(system=_system(big), status="processing", updated_since=since))


# -- the desk's register ----------------------------------------------------------------------------------------------


def test_desk_ledger(big):
    day = big.now.date()
    agency = big.agencies[7]
    _assert_indexed(lambda: list(ledger_dossiers(agency=agency, date_from=day - dt.timedelta(days=30), date_to=day)))


# -- a connected system's reconciliation (API, and the connection board's gaps by the same filter) -------------------


def test_reconciliation_of_a_day(big):
    system = system_create(agency=big.agencies[7], name="Phần mềm một cửa", kind=SystemKind.ONE_STOP)
    day = big.now.date() - dt.timedelta(days=40)
    ReconciliationReport.objects.create(system=system, day=day, counts=[], received_at=big.now)
    _assert_indexed(lambda: reconciliation_differences(system=system, day=day))
