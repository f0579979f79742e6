from tests.portal.find_given import (  # noqa: F401
    BIRTH,
    CERTIFY,
    DEATH,
    PERMIT,
    SEARCH,
    codes_found,
)


def _found(client, **params) -> set[str]:
    return set(codes_found(client.get(SEARCH, params)))


def test_by_field(client, catalogue):
    assert _found(client, field="H19-HOTICH") == {BIRTH, DEATH}


def test_by_level(client, catalogue):
    assert _found(client, level="province") == {PERMIT}
    assert _found(client, level="commune") == {BIRTH, DEATH, PERMIT, CERTIFY}


def test_by_a_named_agency(client, catalogue, province):
    assert _found(client, agency=province["department"].identifier_code) == {PERMIT}


def test_by_every_agency_of_a_kind_at_a_level(client, catalogue):
    assert _found(client, agency="commune.peoples_committee") == {BIRTH, DEATH, PERMIT, CERTIFY}


def test_filters_and_the_query_combine(client, catalogue):
    assert _found(client, q="dang ky", field="H19-HOTICH", level="commune") == {BIRTH, DEATH}
    assert _found(client, q="khai sinh", field="H19-XAYDUNG") == set()


def test_a_value_not_offered_is_ignored_rather_than_an_error(client, catalogue):
    response = client.get(SEARCH, {"field": "NO-SUCH-FIELD", "level": "galaxy"})
    assert response.status_code == 200
    assert set(codes_found(response)) == {BIRTH, DEATH, PERMIT, CERTIFY}


def test_the_home_page_links_each_way_to_browse(client, catalogue, province):
    html = client.get("/").content.decode()
    assert 'href="/thu-tuc/?field=H19-HOTICH"' in html
    assert 'href="/thu-tuc/?level=province"' in html
    assert 'href="/thu-tuc/?agency=commune.peoples_committee"' in html
    assert f'href="/thu-tuc/?agency={province["department"].identifier_code}"' in html
    assert "Ủy ban nhân dân cấp xã" in html
