"""A large dossier history written fast for the plan tests (tests/perf): `DOSSIERS` dossiers over three years and
`AGENCIES` agencies, about one in twenty still open, with their steps and events, by INSERT … SELECT over
generate_series, then ANALYZE — so the planner chooses as it would over a province's tables. PostgreSQL only.

Not the benches' generator (bench/province.py writes ten million rows by COPY): this is only what a planner needs
to see tables that do not fit a sequential scan, written in a few seconds."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from lienthong.catalogue.models import Field, Procedure, ProcedureVersion
from lienthong.org.constants import AgencyKind, Level, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency

DOSSIERS = 100_000
AGENCIES = 61  # a prime: dossier i goes to agency 37·i mod 61, so every agency has open ones
USERNAME, PROCEDURE, FIELD = "perf.officer", "1.000001", "H19-PERF"
OPEN_EVERY = 20  # one dossier in twenty is still open, the rest returned
FAMILY = ["nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo"]
MIDDLE = ["van", "thi", "duc", "minh", "ngoc", "thanh", "quoc", "huu", "kim", "gia", "bao"]
GIVEN = [
    "an",
    "binh",
    "cuong",
    "dung",
    "hoa",
    "hung",
    "lan",
    "long",
    "mai",
    "nam",
    "phuong",
    "quang",
    "son",
    "tam",
    "thang",
    "trang",
    "tuan",
    "viet",
    "xuan",
    "yen",
    "khoa",
    "linh",
    "nhung",
    "oanh",
    "thao",
    "vinh",
]
OPEN = ["processing", "received", "submitted", "supplement_requested", "result_ready", "financial_obligation"]


@dataclass(frozen=True)
class Big:
    agencies: list[Agency]
    unit: AdministrativeUnit
    commune: AdministrativeUnit
    user_id: int
    now: dt.datetime


def big_tables_write() -> Big:
    """The province's rows, then the history; committed (the caller holds the database open for the module), and
    removed again if writing them fails."""
    try:
        return _write()
    except BaseException:
        big_tables_drop()
        raise


def _write() -> Big:
    since = dt.date(2025, 7, 1)
    unit = AdministrativeUnit.objects.create(code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE,
                                             kind=UnitKind.PROVINCE, valid_from=since)  # fmt: skip
    commune = AdministrativeUnit.objects.create(code="26041", name="Phường Trấn Biên", level=Level.COMMUNE,
                                                kind=UnitKind.WARD, parent=unit, valid_from=since)  # fmt: skip
    agencies = [
        Agency.objects.create(
            identifier_code=f"000.00.{n:02d}.H19",
            name=f"Cơ quan {n}",
            kind=AgencyKind.SERVICE_CENTRE if n % 2 else AgencyKind.DEPARTMENT,
            level=Level.PROVINCE if n < 30 else Level.COMMUNE,
            unit=unit if n < 30 else commune,
        )  # fmt: skip
        for n in range(AGENCIES)
    ]
    field = Field.objects.create(code=FIELD, name="Đất đai")
    version = ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(national_code=PROCEDURE, field=field), decision="QĐ 1",
        name="Đăng ký đất đai", time_limit_value=Decimal(3), time_limit_unit="working_days", online_level="partial",
    )  # fmt: skip
    user = get_user_model().objects.create_user(USERNAME, password="mat-khau-dai-123")
    now = timezone.now()
    with connection.cursor() as cursor:
        # The pages' statement timeout (dbconfig) is for requests; a loader of this size may take longer on a busy
        # machine.
        cursor.execute("SET statement_timeout = 0")
        cursor.execute(_DOSSIERS, {"n": DOSSIERS, "agencies": [a.pk for a in agencies], "codes":
                                   [a.identifier_code for a in agencies], "version": version.pk, "open": OPEN,
                                   "every": OPEN_EVERY, "family": FAMILY, "middle": MIDDLE, "given": GIVEN,
                                   "now": now})  # fmt: skip
        cursor.execute(_STEPS, {"user": user.pk})
        cursor.execute(_EVENTS)
        cursor.execute("ANALYZE dossiers_dossier, dossiers_stepinstance, dossiers_dossierevent")
        cursor.execute("RESET statement_timeout")
    return Big(agencies=agencies, unit=unit, commune=commune, user_id=user.pk, now=now)


def big_tables_drop() -> None:
    """Everything `big_tables_write` wrote, even if it stopped half-way (its rows are committed as they go)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE dossiers_dossierevent, dossiers_stepinstance, dossiers_dossier CASCADE")
    get_user_model().objects.filter(username=USERNAME).delete()
    ProcedureVersion.objects.filter(procedure__national_code=PROCEDURE).delete()
    Procedure.objects.filter(national_code=PROCEDURE).delete()
    Field.objects.filter(code=FIELD).delete()
    Agency.objects.filter(identifier_code__endswith=".H19", name__startswith="Cơ quan ").delete()
    AdministrativeUnit.objects.filter(code="26041").delete()
    AdministrativeUnit.objects.filter(code="75").delete()


# Dossier i: agency 37·i mod AGENCIES; received every 15 minutes back from now over ~2.9 years; open when i is a
# multiple of OPEN_EVERY (one of OPEN's statuses), else returned; a submitted one is not received yet.
_DOSSIERS = """
INSERT INTO dossiers_dossier (code, agency_id, procedure_version_id, channel, status, applicant_kind, applicant_name,
    applicant_name_folded, applicant_id_number, applicant_tax_code, applicant_phone, applicant_email,
    applicant_address, summary, form_data, result_delivery, submitted_at, received_at, due_at, original_due_at,
    finished_at, returned_at, next_due_at, receiver_id, citizen_id, supplement_count, apology_count, event_seq,
    event_head, created_at, updated_at)
SELECT code, agency, %(version)s, 'counter', status, 'citizen', name, name, lpad(i::text, 12, '0'),
    CASE WHEN i %% 7 = 0 THEN lpad(i::text, 10, '0') ELSE '' END, '09' || lpad(i::text, 8, '0'),
    CASE WHEN i %% 3 = 0 THEN 'cd' || i || '@example.vn' ELSE '' END, '', '', '{}', 'at_desk',
    received - interval '1 hour', CASE WHEN status = 'submitted' THEN NULL ELSE received END,
    CASE WHEN status = 'submitted' THEN NULL ELSE received + interval '10 days' END,
    CASE WHEN status = 'submitted' THEN NULL ELSE received + interval '10 days' END,
    CASE WHEN status IN ('returned', 'result_ready') THEN received + interval '8 days' END,
    CASE WHEN status = 'returned' THEN received + interval '9 days' END,
    CASE WHEN status IN ('processing', 'supplement_requested', 'financial_obligation', 'result_ready')
         THEN received + interval '3 days' END,
    NULL, NULL, 0, 0, 2, '', received, CASE WHEN open THEN %(now)s ELSE received + interval '9 days' END
FROM (
    SELECT i, (%(agencies)s::bigint[])[1 + (37 * i) %% array_length(%(agencies)s::bigint[], 1)] AS agency,
        (%(codes)s::text[])[1 + (37 * i) %% array_length(%(codes)s::text[], 1)] || '-' || lpad(i::text, 7, '0') AS code,
        i %% %(every)s = 0 AS open,
        CASE WHEN i %% %(every)s = 0 THEN (%(open)s::text[])[1 + (i / %(every)s) %% array_length(%(open)s::text[], 1)]
             ELSE 'returned' END AS status,
        (%(family)s::text[])[1 + i %% 14] || ' ' || (%(middle)s::text[])[1 + (i / 14) %% 11] || ' '
            || (%(given)s::text[])[1 + (i / 154) %% 26] AS name,
        %(now)s::timestamptz - interval '15 minutes' * (%(n)s - i) AS received
    FROM generate_series(1, %(n)s) AS i
) AS g
"""

# One finished step per received dossier; one active step (assigned to the officer for one in three) per open one
# being processed.
_STEPS = """
INSERT INTO dossiers_stepinstance (dossier_id, step_id, kind, name, position, parallel_group, agency_id, role,
    assignee_id, state, started_at, due_at, finished_at, note)
SELECT id, NULL::bigint, 'step', 'Tiếp nhận', 1, NULL::smallint, agency_id, 'receiver', NULL::bigint, 'done',
    received_at, received_at + interval '1 day', received_at + interval '2 hours', ''
FROM dossiers_dossier WHERE received_at IS NOT NULL
UNION ALL
SELECT id, NULL, 'step', 'Thẩm định', 2, NULL, agency_id, 'specialist',
    CASE WHEN id %% 3 = 0 THEN %(user)s::bigint END, 'active', received_at, next_due_at, NULL, ''
FROM dossiers_dossier WHERE next_due_at IS NOT NULL
"""

_EVENTS = """
INSERT INTO dossiers_dossierevent (uuid, dossier_id, seq, kind, at, actor_id, actor_label, status_before,
    status_after, payload, prev_hash, hash)
SELECT gen_random_uuid(), id, 1, 'received', received_at, NULL::bigint, '', '', 'received', '{}'::jsonb, '',
    md5(id::text)
FROM dossiers_dossier WHERE received_at IS NOT NULL
UNION ALL
SELECT gen_random_uuid(), id, 2, 'forwarded', received_at + interval '2 hours', NULL, '', 'received', 'processing',
    '{}', md5(id::text), md5(id::text || 'f')
FROM dossiers_dossier WHERE received_at IS NOT NULL
"""
