"""Issue 12 (3): the national dashboard's published scores of a period are stored, and shown beside ours unit by unit
(matched by the national code), with Δ = ours − theirs per group, per indicator and in total; the same file twice is
refused and changes nothing; a new file replaces the period's rows and the log keeps both; the units found on one
side only are listed."""

import datetime as dt
import json
import os
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from lienthong.reports import official_store
from lienthong.reports.index766 import Period
from lienthong.reports.models import OfficialImport, OfficialScore
from lienthong.reports.official import OfficialScoresError
from lienthong.reports.official_store import OfficialImportRefusedError, official_beside_ours, official_import
from lienthong.reports.snapshots import snapshot_take

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = Period("month", 2026, 11)
AFTER_NOVEMBER = dt.datetime(2026, 12, 1, 0, 5, tzinfo=HCM)

# The evaluation API's responses for two groups: our department (its code in other letters' case, as exports
# differ), our commune, and a unit we do not have.
PUBLISHED = {
    "dvc-progress-tree": {"data": {"evaluation": [
        {"departmentCode": "000.00.12.h19", "departmentName": "Sở Tư pháp", "score": 12.5,
         "metrics": [{"code": "DOSSIER_ON_TIME", "score": 12.5}]},
        {"departmentCode": "000.01.30.H19", "departmentName": "UBND phường Trấn Biên", "score": 4,
         "metrics": [{"code": "DOSSIER_ON_TIME", "score": 4}]},
        {"departmentCode": "000.00.77.H19", "departmentName": "Sở Ngoại vụ", "score": 20},
    ]}},
    "handling-satisfaction": {"data": {"evaluation": [
        {"departmentCode": "000.00.12.h19", "score": 16,
         "metrics": [{"code": "DOSSIER_RECEIVING_SATISFACTION", "score": 4},
                     {"code": "PETITION_PROCESSING_ON_TIME", "score": 6},
                     {"code": "PETITION_HANDLING_SATISFACTION", "score": 6}]},
        {"departmentCode": "000.01.30.H19", "score": 12.5},
    ]}},
}  # fmt: skip


def as_file(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def test_each_unit_matched_by_code_shows_ours_theirs_and_the_difference(november, django_user_model):
    # given November frozen (department 10.00 progress, 15.33 satisfaction; commune 0.00 and 12.00)
    snapshot_take(period=NOVEMBER, now=AFTER_NOVEMBER)
    officer = django_user_model.objects.create_user("giamsat.tinh")

    imported = official_import(source=as_file(PUBLISHED), filename="danh-gia-11-2026.json", period=NOVEMBER,
                               user=officer)  # fmt: skip
    beside = official_beside_ours(period=NOVEMBER)

    assert (imported.rows, imported.imported_by, imported.period_key, imported.version) == (
        3, "giamsat.tinh", "2026-11", "qd766-2026-v1")  # fmt: skip
    assert beside.imported == imported
    department, commune = beside.units
    assert (department.ours.code, department.ours.source, department.theirs.code) == (
        "000.00.12.H19", "snapshot", "000.00.12.h19")  # fmt: skip
    groups = {d.code: (d.ours, d.theirs, d.delta) for d in department.groups}
    # progress 10.00 − 12.50; satisfaction 15.33 − 16.00; a group the file did not publish has no Δ
    assert groups["progress"] == (Decimal("10.00"), Decimal("12.50"), Decimal("-2.50"))
    assert groups["satisfaction"] == (Decimal("15.33"), Decimal("16.00"), Decimal("-0.67"))
    assert groups["transparency"] == (Decimal("0.00"), None, None)
    indicators = {d.code: d for d in department.indicators}
    # satisfaction with dossiers: ours 6 × (1/2)/0.9 = 3.33, theirs 4: Δ −0.67; on time 10.00 − 12.50
    assert indicators["DOSSIER_RECEIVING_SATISFACTION"].delta == Decimal("-0.67")
    assert indicators["DOSSIER_ON_TIME"].delta == Decimal("-2.50")
    assert indicators["PETITION_PROCESSING_ON_TIME"].delta == Decimal("0.00")
    assert indicators["PUBLISH_ON_TIME"].theirs is None and indicators["PUBLISH_ON_TIME"].delta is None
    # totals: ours 25.33; theirs the sum of the groups published, 12.50 + 16.00
    assert (department.total.ours, department.total.theirs, department.total.delta) == (
        Decimal("25.33"), Decimal("28.50"), Decimal("-3.17"))  # fmt: skip
    # the commune: on time 0.00 − 4.00; satisfaction 12.00 − 12.50; total 12.00 − 16.50
    assert {d.code: d.delta for d in commune.indicators}["DOSSIER_ON_TIME"] == Decimal("-4.00")
    assert {d.code: d.delta for d in commune.groups}["satisfaction"] == Decimal("-0.50")
    assert commune.total.delta == Decimal("-4.50")
    # one side only: the province (the file ranks its departments and communes) and a unit not ours
    assert [s.code for s in beside.only_ours] == ["000.00.00.H19"]
    assert [(s.code, s.name, s.total) for s in beside.only_theirs] == [
        ("000.00.77.H19", "Sở Ngoại vụ", Decimal("20.00"))]  # fmt: skip


def test_without_a_snapshot_ours_is_the_live_score(november):
    official_import(source=as_file(PUBLISHED), filename="a.json", period=NOVEMBER)

    department, _commune = official_beside_ours(period=NOVEMBER, now=AFTER_NOVEMBER).units

    assert (department.ours.source, department.ours.total, department.total.delta) == (
        "live", Decimal("25.33"), Decimal("-3.17"))  # fmt: skip


def test_the_same_file_twice_is_refused_and_changes_nothing(november):
    first = official_import(source=as_file(PUBLISHED), filename="a.json", period=NOVEMBER)
    rows = list(OfficialScore.objects.order_by("pk").values())

    with pytest.raises(OfficialImportRefusedError, match="Tệp này đã được nhập cho kỳ 2026-11 lúc .* \\(a.json\\)"):
        official_import(source=as_file(PUBLISHED), filename="ban-sao.json", period=NOVEMBER)

    assert list(OfficialImport.objects.all()) == [first]
    assert list(OfficialScore.objects.order_by("pk").values()) == rows
    # the same file for another period is another period's scores
    official_import(source=as_file(PUBLISHED), filename="a.json", period=Period("month", 2026, 10))
    assert OfficialScore.objects.filter(period_key="2026-10").count() == 3


def test_a_new_file_for_the_period_replaces_its_rows_and_the_log_keeps_both(november):
    first = official_import(source=as_file(PUBLISHED), filename="lan-1.json", period=NOVEMBER)
    corrected = {"dvc-progress-tree": {"data": {"evaluation": [
        {"departmentCode": "000.00.12.H19", "score": 11, "metrics": [{"code": "DOSSIER_ON_TIME", "score": 11}]},
    ]}}}  # fmt: skip

    second = official_import(source=as_file(corrected), filename="lan-2.json", period=NOVEMBER)

    assert [(i.filename, i.rows, i.replaced_at is None) for i in OfficialImport.objects.order_by("pk")] == [
        ("lan-1.json", 3, False), ("lan-2.json", 1, True)]  # fmt: skip
    assert list(OfficialScore.objects.values_list("source_id", "unit_code", "progress")) == [
        (second.pk, "000.00.12.H19", Decimal("11.00"))]  # fmt: skip
    beside = official_beside_ours(period=NOVEMBER, now=AFTER_NOVEMBER)
    assert beside.imported == second
    assert [u.theirs.code for u in beside.units] == ["000.00.12.H19"]
    assert [s.code for s in beside.only_ours] == ["000.00.00.H19", "000.01.30.H19"]
    # and the first file is welcome again: it replaces the second
    official_import(source=as_file(PUBLISHED), filename="lan-1.json", period=NOVEMBER)
    assert OfficialScore.objects.count() == 3 and first.pk != OfficialImport.objects.latest("pk").pk


def test_a_file_that_cannot_be_read_stores_nothing(november):
    with pytest.raises(OfficialScoresError, match="Tệp JSON không đọc được"):
        official_import(source=b"{not json", filename="a.json", period=NOVEMBER)
    assert not OfficialImport.objects.exists() and not OfficialScore.objects.exists()


def test_nothing_imported_compares_nothing(november):
    beside = official_beside_ours(period=NOVEMBER, now=AFTER_NOVEMBER)
    assert (beside.imported, beside.units, beside.only_ours, beside.only_theirs) == (None, [], [], [])


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="real concurrency needs PostgreSQL")
def test_two_first_imports_of_a_period_at_once_store_one_and_refuse_the_other(november, monkeypatch):
    # both have found no import of the period (nothing to lock) before either writes
    barrier, outcomes = threading.Barrier(2), []
    store = official_store._stored

    def found_none_then_wait(*args, **kwargs):
        barrier.wait(timeout=30)
        return store(*args, **kwargs)

    monkeypatch.setattr(official_store, "_stored", found_none_then_wait)

    def take(name: str, payload: dict) -> None:
        try:
            official_import(source=as_file(payload), filename=name, period=NOVEMBER)
            outcomes.append("stored")
        except OfficialImportRefusedError as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    corrected = {"dvc-progress-tree": {"data": {"evaluation": [{"departmentCode": "000.00.12.H19", "score": 11}]}}}
    threads = [threading.Thread(target=take, args=args) for args in (("a.json", PUBLISHED), ("b.json", corrected))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # the first to claim the period stores its file; the other waits on that claim and is refused, writing nothing
    assert sorted(outcomes) == ["Một tệp khác của kỳ 2026-11 được nhập cùng lúc: hãy thử lại.", "stored"]
    current = OfficialImport.objects.get(replaced_at__isnull=True)
    assert OfficialScore.objects.filter(source=current).count() == current.rows == OfficialScore.objects.count()
    assert OfficialImport.objects.count() == 1
