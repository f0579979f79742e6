"""The dashboard in English names the indicators and groups in English (the formula version carries both); in
Vietnamese, in Vietnamese. Its exports stay Vietnamese documents either way."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "indicator", "group"),
    [("vi", "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn", "Tiến độ giải quyết"),
     ("en", "Dossiers handled early or on time", "Progress")],
)  # fmt: skip
def test_a_units_page_names_its_indicators_in_the_screens_language(client, officers, province, language, indicator,
                                                                   group):  # fmt: skip
    client.force_login(officers["monitor@centre"])
    client.cookies["django_language"] = language

    page = client.get(f"/backoffice/chi-so/don-vi/{province['committee'].pk}/?ky=2026-03").content.decode()

    assert indicator in page and group in page
