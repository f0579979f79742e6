"""A parameter's examples are named the same whichever django-ninja generated them: before 1.8 it copied the JSON
Schema's list, 1.8 maps it itself as example0, example1, …, which made a fresh CI install (1.8) disagree with the
committed docs/openapi.json (written under 1.7). Names a route gave on purpose are kept."""

from lienthong.core.api_openapi import _examples_as_map

UUID = "7f9c2d4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f"


def test_a_list_and_ninja_18s_map_give_the_same_names():
    before, after = {"examples": [UUID]}, {"examples": {"example0": {"value": UUID}}}
    _examples_as_map(before)
    _examples_as_map(after)
    assert before == after == {"examples": {"example": {"value": UUID}}}


def test_several_examples_are_numbered_from_one():
    parameter = {"examples": {"example0": {"value": "a"}, "example1": {"value": "b"}}}
    _examples_as_map(parameter)
    assert parameter == {"examples": {"example_1": {"value": "a"}, "example_2": {"value": "b"}}}


def test_examples_named_by_a_route_are_kept():
    parameter = {"examples": {"citizen": {"value": "075190001234"}}}
    _examples_as_map(parameter)
    assert parameter == {"examples": {"citizen": {"value": "075190001234"}}}
