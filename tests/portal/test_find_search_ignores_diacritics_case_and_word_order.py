import pytest

from tests.portal.find_given import BIRTH, SEARCH, codes_found  # noqa: F401


@pytest.mark.parametrize(
    "query", ["khai sinh", "dang ky khai sinh", "sinh khai", "1.001193", "ĐĂNG KÝ KHAI SINH", "  Khai   SINH "]
)
def test_each_spelling_finds_birth_registration_once(client, catalogue, query):
    found = codes_found(client.get(SEARCH, {"q": query}))
    assert found.count(BIRTH) == 1  # the replaced version is not listed beside the one in force


def test_a_localised_instance_code_finds_its_national_procedure(client, catalogue):
    assert codes_found(client.get(SEARCH, {"q": "1.001193.000.00.00.H56"})) == [BIRTH]


def test_part_of_a_word_is_enough_while_typing(client, catalogue):
    assert BIRTH in codes_found(client.get(SEARCH, {"q": "khai si"}))
