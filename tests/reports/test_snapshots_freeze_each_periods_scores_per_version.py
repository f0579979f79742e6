"""Issue 12 (3): once a period is over, every unit's Decision 766 scores are frozen per formula version — a dossier
corrected since does not move them, a new formula version writes rows of its own beside them and the old rows stay
byte-identical, a running period is refused, and the monthly task freezes last month once, by Viet Nam's calendar."""

import datetime as dt
import functools
import json
import os
import shutil
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import serializers
from django.db import connection

from lienthong.reports import index766, scoring, snapshots
from lienthong.reports.index766 import Period, province_scores
from lienthong.reports.kpi766 import CURRENT_VERSION, registry, score_unit
from lienthong.reports.models import ScoreSnapshot
from lienthong.reports.snapshots import SnapshotError, snapshot_monthly, snapshot_take, snapshots_take_history
from lienthong.reports.tasks import snapshot_monthly as snapshot_monthly_task

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = Period("month", 2026, 11)
AFTER_NOVEMBER = dt.datetime(2026, 12, 1, 0, 5, tzinfo=HCM)
SECOND = "qd766-test-v2"


def frozen_rows(version: str = CURRENT_VERSION) -> str:
    """Every stored field of the version's rows, as text: "unchanged" means byte-identical."""
    rows = ScoreSnapshot.objects.filter(version=version).order_by("period_key", "unit_id")
    return serializers.serialize("json", rows)


def snapshot(unit, version: str = CURRENT_VERSION, period: Period = NOVEMBER) -> ScoreSnapshot:
    return ScoreSnapshot.objects.get(period_key=period.key, unit_id=unit.pk, version=version)


@pytest.fixture
def second_version(tmp_path, monkeypatch):
    """A second formula version beside the shipped one: no PAKN gives no points (the shipped one gives 6 each)."""
    shutil.copy(registry.DEFINITIONS / f"{CURRENT_VERSION}.json", tmp_path)
    data = json.loads((tmp_path / f"{CURRENT_VERSION}.json").read_text(encoding="utf-8"))
    data["version"] = SECOND
    for indicator in data["indicators"]:
        if indicator["code"].startswith("PETITION_"):
            indicator["when_empty"] = "zero"
    (tmp_path / f"{SECOND}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    load = functools.partial(registry.load_version, directory=tmp_path)
    for module in (scoring, snapshots):
        monkeypatch.setattr(module, "load_version", load)
    monkeypatch.setattr(index766, "score_unit", functools.partial(score_unit, directory=tmp_path))
    return SECOND


def test_a_finished_month_is_frozen_for_every_unit_with_the_scores_computed_by_hand(november):
    report = snapshot_take(period=NOVEMBER, now=AFTER_NOVEMBER)

    assert (report.written, report.frozen, report.taken_at) == (3, False, AFTER_NOVEMBER)
    department = snapshot(november["department"])
    # one of two on time: 20 × 1/2; satisfaction 6 × ((2 − 1 late) / 2) / 0.9 = 3.33, and 6 + 6 with no PAKN
    assert (department.progress, department.satisfaction, department.total) == (
        Decimal("10.00"), Decimal("15.33"), Decimal("25.33"))  # fmt: skip
    assert department.indicators["DOSSIER_ON_TIME"] == {
        "group": "progress", "max_points": "20", "numerator": "1", "denominator": "2", "rate": "0.5",
        "points": "10.00", "no_data": False,
    }  # fmt: skip
    assert (department.rank, department.unit_kind, department.unit_code, department.unit_name) == (
        1, "department", "000.00.12.H19", "Sở Tư pháp")  # fmt: skip
    assert (department.counts["dossiers_received"], department.counts["dossiers_on_time"]) == (2, 1)
    # the commune's dossier, still open when November ended, is judged then: late
    commune = snapshot(november["commune"])
    assert (commune.progress, commune.satisfaction, commune.total, commune.rank) == (
        Decimal("0.00"), Decimal("12.00"), Decimal("12.00"), 1)  # fmt: skip
    # the province holds all three: 20 × 1/3 = 6.67; 6 × (1/3) / 0.9 = 2.22, + 12
    province = snapshot(november["province"])
    assert (province.progress, province.satisfaction, province.total, province.rank) == (
        Decimal("6.67"), Decimal("14.22"), Decimal("20.89"), None)  # fmt: skip
    assert (province.judged_at, province.period_kind) == (dt.datetime(2026, 12, 1, tzinfo=HCM), "month")
    assert (province.period_start, province.period_end) == NOVEMBER.bounds


def test_a_dossier_corrected_after_the_freeze_moves_the_live_score_not_the_frozen_one(november):
    snapshot_take(period=NOVEMBER, now=AFTER_NOVEMBER)
    before = frozen_rows()

    # when the late dossier's end is corrected to an on-time one, and the period is taken again
    late = november["facts"]["late"]
    late.end_of_processing_at = dt.datetime(2026, 11, 5, 9, tzinfo=HCM)
    late.save()
    again = snapshot_take(period=NOVEMBER, now=AFTER_NOVEMBER + dt.timedelta(days=3))

    # then nothing is written, the call says the period is frozen and since when, and the rows are as they were
    assert (again.written, again.frozen, again.taken_at) == (0, True, AFTER_NOVEMBER)
    assert "đã chốt lúc 01/12/2026 00:05: không thay đổi gì" in again.line()
    assert frozen_rows() == before
    assert snapshot(november["department"]).progress == Decimal("10.00")
    # while the live score sees the correction: both on time
    live = province_scores(period=NOVEMBER, now=AFTER_NOVEMBER + dt.timedelta(days=3))
    assert live.unit(november["department"].pk).score.group("progress").points == Decimal("20.00")


def test_a_new_formula_version_writes_its_own_rows_and_leaves_the_old_ones_byte_identical(november, second_version):
    snapshot_take(period=NOVEMBER, now=AFTER_NOVEMBER)
    before = frozen_rows()

    report = snapshot_take(period=NOVEMBER, version=second_version, now=AFTER_NOVEMBER + dt.timedelta(hours=1))

    assert (report.written, report.frozen) == (3, False)
    assert frozen_rows() == before
    old, new = snapshot(november["department"]), snapshot(november["department"], version=second_version)
    # the same figures; only the PAKN rule differs: 3.33 + 0 + 0 instead of 3.33 + 6 + 6
    assert new.counts == old.counts
    assert (new.satisfaction, new.total) == (Decimal("3.33"), Decimal("13.33"))
    assert (old.satisfaction, old.total) == (Decimal("15.33"), Decimal("25.33"))
    assert ScoreSnapshot.objects.filter(period_key="2026-11").count() == 6


def test_a_period_still_running_is_refused_and_nothing_is_written(november):
    last_minute = dt.datetime(2026, 11, 30, 23, 59, tzinfo=HCM)

    with pytest.raises(SnapshotError, match="Kỳ 2026-11 chưa kết thúc") as refused:
        snapshot_take(period=NOVEMBER, now=last_minute)

    assert refused.value.code == SnapshotError.PERIOD_NOT_OVER
    with pytest.raises(SnapshotError, match="chưa kết thúc"):
        snapshot_take(period=Period("quarter", 2026, 4), now=AFTER_NOVEMBER)
    assert not ScoreSnapshot.objects.exists()


def test_an_unknown_formula_version_is_refused_by_name(november):
    with pytest.raises(SnapshotError, match="Không có phiên bản công thức qd766-1999") as refused:
        snapshot_take(period=NOVEMBER, version="qd766-1999", now=AFTER_NOVEMBER)
    assert refused.value.code == SnapshotError.UNKNOWN_VERSION


def test_the_monthly_task_freezes_last_month_once_from_the_first_at_midnight_in_viet_nams_time(november):
    # 1 December, 00:00 in Viet Nam is still 30 November in UTC: the month that ended is November
    first_of_december = dt.datetime(2026, 12, 1, 0, 0, tzinfo=HCM)
    assert first_of_december.astimezone(dt.UTC).day == 30

    report = snapshot_monthly(now=first_of_december)

    assert (report.period.key, report.written, report.frozen) == ("2026-11", 3, False)
    rows = frozen_rows()
    # every later hourly run finds it frozen and writes nothing
    for hours in (1, 2, 24 * 29):
        later = snapshot_monthly(now=first_of_december + dt.timedelta(hours=hours))
        assert (later.period.key, later.written, later.frozen) == ("2026-11", 0, True)
    assert frozen_rows() == rows
    assert snapshot(november["department"]).total == Decimal("25.33")


def test_the_last_minute_of_a_month_still_freezes_the_month_before(november):
    report = snapshot_monthly(now=dt.datetime(2026, 11, 30, 23, 59, tzinfo=HCM))

    # October: only the commune's dossier received on the 31st at 23:30, open and due 3 November, so on time
    assert (report.period.key, report.written) == ("2026-10", 3)
    commune = snapshot(november["commune"], period=Period("month", 2026, 10))
    assert (commune.progress, commune.counts["dossiers_received"]) == (Decimal("20.00"), 1)
    assert not ScoreSnapshot.objects.filter(period_key="2026-11").exists()


def test_the_scheduled_task_is_the_monthly_freeze(november):
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=HCM), tick=False):
        assert snapshot_monthly_task.call() == 3
        assert snapshot_monthly_task.call() == 0


def test_the_history_freezes_every_finished_month_since_the_first_dossier(november):
    seen = []

    reports = snapshots_take_history(now=dt.datetime(2027, 1, 15, tzinfo=HCM), report=seen.append)

    assert [r.period.key for r in reports] == ["2026-10", "2026-11", "2026-12"]
    assert seen == reports
    assert ScoreSnapshot.objects.filter(version=CURRENT_VERSION).count() == 9
    # taken again the same day: every month is frozen already
    again = snapshots_take_history(now=dt.datetime(2027, 1, 15, 1, tzinfo=HCM))
    assert [(r.written, r.frozen) for r in again] == [(0, True)] * 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="real concurrency needs PostgreSQL")
def test_two_processes_freezing_the_same_month_at_once_write_it_once(november, monkeypatch):
    # both have found the month not frozen and scored it before either writes
    barrier, reports, errors = threading.Barrier(2), [], []

    def scored_then_wait(**kwargs):
        scores = province_scores(**kwargs)
        barrier.wait(timeout=30)
        return scores

    monkeypatch.setattr(snapshots, "province_scores", scored_then_wait)

    def take() -> None:
        try:
            reports.append(snapshot_take(period=NOVEMBER, now=AFTER_NOVEMBER))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted((r.written, r.frozen) for r in reports) == [(0, True), (3, False)]
    assert ScoreSnapshot.objects.filter(period_key="2026-11").count() == 3
