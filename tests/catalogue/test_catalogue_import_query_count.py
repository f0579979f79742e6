"""The import stays bulk: a few statements per table, the same for 4 procedures as for 40."""

import copy
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.catalogue.services import catalogue_export_data, catalogue_import
from tests.catalogue.conftest import catalogue_data

pytestmark = pytest.mark.django_db


def _catalogue(size: int) -> dict:
    """`size` procedures cloned from the permit: 2 authorities, 2 documents, 2 fees, 3 steps each, plus 3 more
    documents so each has about ten children."""
    base = catalogue_data()
    permit = base["procedures"][2]
    extra = [{**permit["documents"][1], "position": p, "name": f"Giấy tờ số {p}"} for p in (3, 4, 5)]
    procedures = []
    for number in range(size):
        row = copy.deepcopy(permit)
        row["national_code"] = f"1.{900000 + number}"
        row["documents"] += copy.deepcopy(extra)
        procedures.append(row)
    return {"fields": base["fields"], "procedures": procedures}


def _count(data: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        catalogue_import(data=data)
    return len(queries)


def _edit_everything(data: dict) -> dict:
    data = copy.deepcopy(data)
    for row in data["procedures"]:
        row["name"] += " (sửa đổi)"
        row["form_schema"] = {"type": "object", "properties": {"ghi_chu": {"type": "string"}}}
        row["documents"].pop()  # one deleted
        row["steps"][0]["quota_hours"] = Decimal("3")  # one updated
        row["fees"].append({"name": "Phí mới", "amount": 1000, "description": "", "verified": False})  # one created
    return data


def test_importing_forty_procedures_takes_a_handful_of_queries_per_table(agencies, django_assert_max_num_queries):
    data = _catalogue(40)

    # 17 on PostgreSQL; SQLite splits the inserts into batches of 999 parameters, hence 20
    with django_assert_max_num_queries(20):
        catalogue_import(data=data)  # creates 3 fields, 40 procedures, 40 versions and 440 children
    with django_assert_max_num_queries(10):
        catalogue_import(data=data)  # unchanged: validation and matching reads only, no writes
    # 17: removing stale children also checks that no dossier step or attachment still uses them (PROTECT), and
    # finds the citizens' draft scans of a removed document (they go with it).
    with django_assert_max_num_queries(17):
        catalogue_import(data=_edit_everything(data))  # 40 versions and 120 children updated, created or deleted


def test_the_number_of_queries_does_not_grow_with_the_catalogue(agencies):
    small, large = _catalogue(4), _catalogue(40)
    for row in large["procedures"]:
        row["national_code"] = row["national_code"].replace("1.9", "2.9")
    catalogue_import(data={"fields": small["fields"], "procedures": []})  # both then find the fields in place

    created_small, created_large = _count(small), _count(large)
    assert created_small <= created_large <= created_small + 3  # equal on PostgreSQL; SQLite batches inserts
    assert _count(small) == _count(large)
    assert _count(_edit_everything(small)) == _count(_edit_everything(large))


def test_the_export_reads_the_whole_catalogue_in_six_queries(agencies, django_assert_num_queries):
    catalogue_import(data=_catalogue(40))

    with django_assert_num_queries(6):
        data = catalogue_export_data()

    assert len(data["procedures"]) == 40
