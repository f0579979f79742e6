"""The registry of Decision 766 indicators: six groups, 100 points, the portal's codes, and clear errors."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from lienthong.reports.kpi766 import CURRENT_VERSION, Kpi766Error, available_versions, load_version
from lienthong.reports.kpi766.registry import DEFINITIONS

# The portal's six tabs and their maxima (domain-vn.md §3, "As actually scored on DVCQG today").
GROUP_MAXIMA = {
    "transparency": 18,
    "progress": 20,
    "online_service": 12,
    "online_payment": 10,
    "digitisation": 22,
    "satisfaction": 18,
}
PORTAL_CODES = {
    "PUBLISH_ON_TIME": 6,
    "PUBLIC_UPDATE_ON_TIME": 4,
    "PUBLIC_CONTENT_FULL": 2,
    "DOSSIER_SYNC": 6,
    "ORIGINAL_RESULT_AVAILABLE": 6,
    "SO_HOA_GIAY_TO_GIAI_QUYET": 4,
    "ELECTRONIC_CERTIFIED_COPY": 2,
    "REUSED_DIGITIZED_DATA": 2,
    "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": 4,
    "CITIZEN_DATA_CONNECTED_DOSSIER": 2,
    "CITIZEN_DATA_CONNECTED_FORMALITY": 2,
    "DOSSIER_RECEIVING_SATISFACTION": 6,
    "PETITION_PROCESSING_ON_TIME": 6,
    "PETITION_HANDLING_SATISFACTION": 6,
}


def raw_current() -> dict:
    return json.loads((DEFINITIONS / f"{CURRENT_VERSION}.json").read_text(encoding="utf-8"))


def test_the_current_version_is_shipped_and_listed():
    assert CURRENT_VERSION in available_versions()
    assert load_version(CURRENT_VERSION).version == CURRENT_VERSION


def test_every_groups_indicator_maxima_sum_to_the_groups_maximum():
    data = raw_current()  # the file itself, not the validated model, so the test does not lean on the validator
    sums = {group["code"]: Decimal(0) for group in data["groups"]}
    for indicator in data["indicators"]:
        sums[indicator["group"]] += Decimal(indicator["max_points"])

    assert sums == {group["code"]: Decimal(group["max_points"]) for group in data["groups"]}
    assert sums == {code: Decimal(points) for code, points in GROUP_MAXIMA.items()}


def test_the_groups_sum_to_one_hundred():
    assert sum(Decimal(group["max_points"]) for group in raw_current()["groups"]) == 100
    assert load_version(CURRENT_VERSION).max_points == 100


def test_the_portals_metric_codes_carry_the_portals_maxima():
    version = load_version(CURRENT_VERSION)

    assert {code: version.indicator(code).max_points for code in PORTAL_CODES} == PORTAL_CODES
    # progress (1), online service (3 parts: 2 + 4 + 6) and online payment (3 parts: 6 + 2 + 2)
    assert [i.max_points for i in version.in_group("progress")] == [20]
    assert [i.max_points for i in version.in_group("online_service")] == [2, 4, 6]
    assert [i.max_points for i in version.in_group("online_payment")] == [6, 2, 2]


def test_every_indicator_has_a_vietnamese_label_and_a_source():
    for indicator in load_version(CURRENT_VERSION).indicators:
        assert indicator.label_vi.startswith(("Tỷ lệ", "Mức độ")), indicator.code
        assert indicator.label_en and indicator.source


def test_every_uncertain_rule_says_so_in_its_note():
    uncertain = {i.code for i in load_version(CURRENT_VERSION).indicators if "[U]" in i.note}

    assert {"FEE_FORMALITIES_WITH_DOSSIERS", "ORIGINAL_RESULT_AVAILABLE", "PUBLISH_ON_TIME"} <= uncertain


def test_loading_an_unknown_version_is_a_clear_error():
    with pytest.raises(Kpi766Error) as raised:
        load_version("qd766-1999-v9")

    assert raised.value.code == Kpi766Error.UNKNOWN_VERSION
    assert "qd766-1999-v9" in str(raised.value)
    assert CURRENT_VERSION in str(raised.value)  # it says which versions exist


def write_version(directory: Path, name: str, change) -> None:
    data = raw_current()
    data["version"] = name
    change(data)
    (directory / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_version_whose_group_does_not_add_up_is_refused(tmp_path):
    write_version(tmp_path, "broken", lambda data: data["indicators"][0].update(max_points="7"))

    with pytest.raises(Kpi766Error) as raised:
        load_version("broken", directory=tmp_path)

    assert raised.value.code == Kpi766Error.INVALID_VERSION
    assert "transparency" in str(raised.value)


def test_a_version_with_an_unknown_field_is_refused(tmp_path):
    write_version(tmp_path, "typo", lambda data: data["indicators"][0].update(full_at_rate="0.8"))

    with pytest.raises(Kpi766Error) as raised:
        load_version("typo", directory=tmp_path)

    assert raised.value.code == Kpi766Error.INVALID_VERSION


def test_a_file_must_declare_the_version_it_is_named_for(tmp_path):
    (tmp_path / "qd766-2027-v1.json").write_text(json.dumps(raw_current(), ensure_ascii=False), encoding="utf-8")

    with pytest.raises(Kpi766Error) as raised:
        load_version("qd766-2027-v1", directory=tmp_path)

    assert raised.value.code == Kpi766Error.INVALID_VERSION


def test_a_chain_of_multiplied_rates_is_refused(tmp_path):
    def chain(data):
        for indicator in data["indicators"]:
            if indicator["code"] == "DOSSIER_SYNC":
                indicator["rate_times"] = "DOSSIER_ON_TIME"
            if indicator["code"] == "DOSSIER_ON_TIME":
                indicator["rate_times"] = "PUBLISH_ON_TIME"

    write_version(tmp_path, "chained", chain)

    with pytest.raises(Kpi766Error, match="rate_times"):
        load_version("chained", directory=tmp_path)
