"""Vietnamese first; the language switch (a cookie) gives the find pages in English, numbers included."""

from django.conf import settings

from tests.portal.find_given import BIRTH, PERMIT, SEARCH, text_of


def _english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_the_procedure_page_in_english(client, catalogue):
    _english(client)
    response = client.get(f"/thu-tuc/{PERMIT}/")
    text = text_of(response)
    assert response["Content-Language"] == "en"
    for expected in ["Time limit 20 working days", "Required documents", "Legal basis", "150,000 dong"]:
        assert expected in text, expected


def test_search_and_its_filters_in_english(client, catalogue):
    _english(client)
    text = text_of(client.get(SEARCH, {"q": "khai sinh"}))
    assert "1 procedure" in text and "People's Committee (commune level)" in text
    assert BIRTH in text
