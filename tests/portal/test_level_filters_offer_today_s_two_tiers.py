"""The level filters of today's pages offer the province and the commune: local government has had two tiers since
1/7/2025 and the province has no district agency, so "Cấp huyện" (still a `Level`, for history) only ever listed
nothing. The public statistics show it; the back office's board, roadmaps and on-time pages read the same list."""

import pytest

from lienthong.org.constants import CURRENT_LEVELS, Level, current_level_choices

pytestmark = pytest.mark.django_db


def test_the_public_statistics_offer_province_and_commune_only(client):
    html = client.get("/thong-ke/").content.decode()
    level_select = html.split('name="cap"', 1)[1].split("</select>", 1)[0]
    assert 'value="province"' in level_select and 'value="commune"' in level_select
    assert 'value="district"' not in level_select and "Cấp huyện" not in level_select


def test_an_old_link_asking_for_districts_is_told_so_in_vietnamese(client):
    response = client.get("/thong-ke/?cap=district")
    assert response.status_code == 400  # as any choice not offered: the page, with the error beside the filter
    assert "Cấp không hợp lệ: hãy chọn trong danh sách." in response.content.decode()


def test_history_keeps_the_district_level():
    assert Level.DISTRICT in Level.values and Level.DISTRICT not in CURRENT_LEVELS
    assert [value for value, _label in current_level_choices()] == ["province", "commune"]
