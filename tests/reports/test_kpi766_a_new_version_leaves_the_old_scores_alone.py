"""A second formula version loads side by side with the first, and adding it never changes the first's scores."""

import json
import shutil
from decimal import Decimal

from lienthong.reports.kpi766 import CURRENT_VERSION, available_versions, score_unit
from lienthong.reports.kpi766.registry import DEFINITIONS

COUNTS = {
    "dossiers_received": 10,
    "dossiers_reusing_data": 8,
    "dossiers_on_time": 7,
    "dossiers_overdue": 3,
    "dossiers_synced": 9,
    "dossiers_received_online": 4,
}


def second_version(directory):
    """A plausible 2027 reading: reuse needs 90% for full points, and a unit with no PAKN gets nothing."""
    data = json.loads((directory / f"{CURRENT_VERSION}.json").read_text(encoding="utf-8"))
    data["version"] = "qd766-2027-v1"
    for indicator in data["indicators"]:
        if indicator["code"] == "REUSED_DIGITIZED_DATA":
            indicator["full_at"] = "0.9"
        if indicator["code"].startswith("PETITION_"):
            indicator["when_empty"] = "zero"
    (directory / "qd766-2027-v1.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_adding_a_version_changes_nothing_of_the_old_one_and_both_are_scored_side_by_side(tmp_path):
    shutil.copy(DEFINITIONS / f"{CURRENT_VERSION}.json", tmp_path)
    # given the current version's scores, before any other version exists
    before = score_unit(counts=COUNTS, version=CURRENT_VERSION, directory=tmp_path)
    assert available_versions(directory=tmp_path) == [CURRENT_VERSION]

    # when a second version is added
    second_version(tmp_path)
    old = score_unit(counts=COUNTS, version=CURRENT_VERSION, directory=tmp_path)
    new = score_unit(counts=COUNTS, version="qd766-2027-v1", directory=tmp_path)

    # then the old version's scores are identical, and the new one scores by its own rules
    assert available_versions(directory=tmp_path) == [CURRENT_VERSION, "qd766-2027-v1"]
    assert old == before
    assert old == score_unit(counts=COUNTS, version=CURRENT_VERSION)  # and equal to the shipped file's
    assert (old.version, new.version) == (CURRENT_VERSION, "qd766-2027-v1")
    assert old.indicators["REUSED_DIGITIZED_DATA"].points == 2  # 8/10 reaches 80%
    assert str(new.indicators["REUSED_DIGITIZED_DATA"].points) == "1.78"  # 2 × 0.8/0.9 = 1.777…
    assert old.indicators["PETITION_PROCESSING_ON_TIME"].points == 6
    assert new.indicators["PETITION_PROCESSING_ON_TIME"].points == 0
    assert old.total - new.total == Decimal("12.22")  # 6 + 6 (no PAKN) + 2 − 1.78 (reuse)
