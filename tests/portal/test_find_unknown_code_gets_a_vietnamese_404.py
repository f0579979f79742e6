from tests.portal.find_given import text_of  # noqa: F401


def test_an_unknown_code_answers_404_in_vietnamese_with_a_way_on(client, catalogue):
    response = client.get("/thu-tuc/9.999999/")
    assert response.status_code == 404
    assert response["Content-Language"] == "vi"
    text = text_of(response)
    assert "Không tìm thấy thủ tục" in text
    assert "“9.999999”" in text
    assert 'action="/thu-tuc/"' in response.content.decode()


def test_a_code_whose_only_version_was_replaced_is_not_published(client, catalogue):
    catalogue["death"].is_current = False
    catalogue["death"].save(update_fields=["is_current"])
    assert client.get("/thu-tuc/1.000656/").status_code == 404
