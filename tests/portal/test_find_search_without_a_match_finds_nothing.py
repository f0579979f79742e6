from tests.portal.find_given import BIRTH, SEARCH, codes_found, text_of  # noqa: F401


def test_a_query_naming_no_procedure_lists_none_and_says_so(client, catalogue):
    response = client.get(SEARCH, {"q": "hộ chiếu"})
    assert response.status_code == 200
    assert codes_found(response) == []
    assert "0 thủ tục" in text_of(response)
    assert "Không tìm thấy thủ tục phù hợp" in text_of(response)


def test_every_word_must_match_not_just_one(client, catalogue):
    assert codes_found(client.get(SEARCH, {"q": "khai sinh xây dựng"})) == []


def test_an_unknown_code_finds_nothing(client, catalogue):
    assert codes_found(client.get(SEARCH, {"q": "1.999999"})) == []


def test_no_query_lists_every_procedure_in_force(client, catalogue):
    found = codes_found(client.get(SEARCH))
    assert sorted(found) == sorted(["1.001193", "1.000656", "1.013225", "2.000815"])
    assert found.count(BIRTH) == 1
