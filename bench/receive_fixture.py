"""What bench/receive.py and bench/receive_queries.py share: a fresh database, a small province with one receiving
desk, and the request a desk officer sends when a citizen hands in a complete paper dossier.

Import only after `django.setup()` for the functions that touch models (they import models lazily).
"""

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
SETTINGS_MODULE = "receive_settings"  # bench/receive_settings.py: lienthong.settings with the bench's urlconf

REFORM = dt.date(2025, 7, 1)
AGENCY_CODE = "000.00.98.H19"  # TTPVHCC phường Trấn Biên: the desk every request is received at
OFFICER = "receiver.bench"
PROCEDURE_CODE = "1.012753"
INSERT_TABLE = "bench_receive_insert"  # the baseline's table, created and dropped with the database

FORM_SCHEMA = {
    "type": "object",
    "required": ["ho_ten", "ngay_sinh"],
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ và tên", "minLength": 2},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh"},
        "so_dinh_danh": {"type": "string", "pattern": "^[0-9]{12}$"},
    },
}
# The body of POST /receive and POST /insert: a small valid declaration and its applicant.
REQUEST = {
    "applicant": {
        "name": "Nguyễn Thị Hoa",
        "id_number": "075190001234",
        "phone": "0912345678",
        "email": "hoa@example.vn",
        "address": "Phường Trấn Biên, Đồng Nai",
    },
    "form": {"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "1990-05-17", "so_dinh_danh": "075190001234"},
}


def bench_environ(data_dir: str) -> None:
    """Settings for this process (and, inherited, for the servers it starts): the bench's urlconf, no debug
    (debug would record every query), a temporary SQLite file unless DATABASE_URL names a PostgreSQL server."""
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["LIENTHONG_DEBUG"] = "false"
    os.environ.setdefault("LIENTHONG_LOG_LEVEL", "WARNING")
    if not os.environ.get("DATABASE_URL"):
        os.environ["LIENTHONG_DATA_DIR"] = data_dir


@contextlib.contextmanager
def fresh_database(test_name: str | None = None) -> Iterator[str]:
    """A migrated, empty database for the length of the block; yields its name.

    PostgreSQL: Django's test-database utilities create `test_<name>` (or `test_name`), migrate it and drop it at
    the end. SQLite: the file in the temporary data directory `bench_environ` set, migrated here.
    """
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0, interactive=False)
        try:
            yield str(connection.settings_dict["NAME"])
        finally:
            connection.close()
        return
    if test_name:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = test_name
    old_name = connection.settings_dict["NAME"]
    try:
        # serialize=False: no test will roll back to the initial contents, so don't dump them.
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        yield connection.settings_dict["NAME"]
    finally:
        if connection.settings_dict["NAME"] != old_name:  # created (if only partly): drop it, never the named one
            connection.creation.destroy_test_db(old_name, verbosity=0)
        connection.close()


def desk_code(number: int) -> str:
    """The identifier of desk `number` (0: the ward's service centre; more desks only with --desks)."""
    return AGENCY_CODE if number == 0 else f"000.{number:02d}.98.H19"


def province_setup(desks: int = 1) -> None:
    """Đồng Nai with one ward, its people's committee and its service centre, a receiver there, and a land
    procedure (3 working days, a JSON Schema form, two mandatory documents and an optional one).

    `desks` > 1 adds service centres where the same officer receives too: codes are counted per desk and day, so
    receipts spread over several desks do not queue for one counter row."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from lienthong.catalogue.models import Field, Procedure, ProcedureVersion, RequiredDocument
    from lienthong.org.constants import AgencyKind, Level, Role, UnitKind
    from lienthong.org.models import AdministrativeUnit, Agency, OfficerRole

    province = AdministrativeUnit.objects.create(
        code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE, kind=UnitKind.PROVINCE, valid_from=REFORM
    )
    ward = AdministrativeUnit.objects.create(
        code="26041", name="Phường Trấn Biên", level=Level.COMMUNE, kind=UnitKind.WARD, parent=province,
        valid_from=REFORM,
    )  # fmt: skip
    committee = Agency.objects.create(
        identifier_code="000.00.99.H19", name="UBND phường Trấn Biên", kind=AgencyKind.PEOPLES_COMMITTEE,
        level=Level.COMMUNE, unit=ward,
    )  # fmt: skip
    officer = get_user_model().objects.create_user(OFFICER, password=None)  # no login: the bench never signs in
    for number in range(desks):
        desk = Agency.objects.create(
            identifier_code=desk_code(number), name=f"TTPVHCC phường Trấn Biên, quầy {number + 1}",
            kind=AgencyKind.SERVICE_CENTRE, level=Level.COMMUNE, unit=ward, parent=committee,
        )  # fmt: skip
        OfficerRole.objects.create(user=officer, agency=desk, role=Role.RECEIVER)
    version = ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(
            national_code=PROCEDURE_CODE, field=Field.objects.create(code="H19-DATDAI", name="Đất đai")
        ),
        decision="QĐ 1/QĐ-UBND", name="Đăng ký đất đai lần đầu", time_limit_value=Decimal(3),
        time_limit_unit="working_days", online_level="partial", form_schema=FORM_SCHEMA,
    )  # fmt: skip
    for position, name, copy_kind, mandatory in [
        (1, "Đơn đăng ký", "original", True),
        (2, "Giấy tờ về quyền sử dụng đất", "copy", True),
        (3, "Văn bản ủy quyền", "original", False),
    ]:
        RequiredDocument.objects.create(
            version=version, position=position, name=name, copy_kind=copy_kind, is_mandatory=mandatory
        )
    # The baseline's table: an id, a time and a short text, like the smallest real row.
    ddl = {
        "sqlite": "id integer PRIMARY KEY AUTOINCREMENT, at timestamp NOT NULL, note varchar(150) NOT NULL",
        "postgresql": "id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, "
        "note varchar(150) NOT NULL",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {INSERT_TABLE} ({ddl})")
