"""Our scores in the national dashboard's two response shapes, and its ranking, so they can be laid side by side."""

import json

from lienthong.reports.kpi766 import CURRENT_VERSION, UnitNode, as_overview, as_parent_children, rank_units, score_unit


def node(unit_id, name, children=(), **counts):
    return UnitNode(id=unit_id, name=name, score=score_unit(counts=counts, version=CURRENT_VERSION), children=children)


def province():
    communes = (
        node("X1", "Xã Bình An", dossiers_received=4, dossiers_on_time=3),
        node("X2", "Xã An Hòa", dossiers_received=4, dossiers_on_time=4),
    )
    return node("T", "Tỉnh Đồng Nai", communes, dossiers_received=8, dossiers_on_time=7, dossiers_overdue=1)


def test_the_parent_children_shape_gives_each_unit_its_score_ratio_and_figures():
    shape = as_parent_children(province(), group="progress")

    assert shape["parent"] | {"metrics": None} == {
        "id": "T", "name": "Tỉnh Đồng Nai", "score": 17.5, "maxScore": 20.0, "ratio": 87.5,
        "numerator": 7.0, "denominator": 8.0, "metrics": None,
    }  # fmt: skip
    assert [(c["name"], c["score"], c["ratio"]) for c in shape["children"]] == [
        ("Xã An Hòa", 20.0, 100.0),  # ranked first by the group's score
        ("Xã Bình An", 15.0, 75.0),
    ]
    json.dumps(shape)  # plain JSON


def test_the_overview_shape_lists_the_metrics_of_the_parent_and_of_each_child():
    shape = as_overview(province(), group="satisfaction")

    overview = shape["overview"]
    assert [m["code"] for m in overview["metrics"]] == [
        "DOSSIER_RECEIVING_SATISFACTION",
        "PETITION_PROCESSING_ON_TIME",
        "PETITION_HANDLING_SATISFACTION",
    ]
    pakn = overview["metrics"][1]
    assert pakn == {
        "code": "PETITION_PROCESSING_ON_TIME", "score": 6.0, "maxScore": 6.0, "ratio": None,
        "numerator": 0.0, "denominator": 0.0, "noData": True,
    }  # fmt: skip
    # 1 − 1/8 overdue = 0.875 → 6 × 0.875/0.9 = 5.83
    assert overview["metrics"][0]["score"] == 5.83
    assert overview["score"] == 17.83
    assert [unit["id"] for unit in shape["evaluation"]] == ["X1", "X2"]
    json.dumps(shape)


def test_units_are_ranked_by_total_and_a_tie_by_name_with_one_number_each():
    units = [
        node("B", "Xã Bình An", dossiers_received=1, dossiers_on_time=1),
        node("A", "xã An Hòa", dossiers_received=1, dossiers_on_time=1),
        node("C", "Sở Y tế", dossiers_received=2, dossiers_on_time=1),
    ]

    ranked = rank_units(units)

    assert [(r.rank, r.node.id) for r in ranked] == [(1, "A"), (2, "B"), (3, "C")]
