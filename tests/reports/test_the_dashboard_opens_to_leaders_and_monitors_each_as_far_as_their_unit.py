"""Who enters the leaders' dashboard and how far (issue 12, item 4): leaders and monitors see the rankings; the
dossiers behind a figure open for the province's monitoring office everywhere and for a unit's leader only in
their unit; a desk officer is refused with a page saying whom it is for; the menu shows the door to exactly those."""

import pytest

pytestmark = pytest.mark.django_db
OVERVIEW = "/backoffice/chi-so/"


def _text(response) -> str:
    return response.content.decode()


def test_a_desk_officer_is_refused_in_vietnamese_and_has_no_door(client, officers):
    client.force_login(officers["receiver@commune_centre"])

    refused = client.get(OVERVIEW + "?ky=2026-03")

    assert refused.status_code == 403
    assert "dành cho lãnh đạo các cơ quan, đơn vị, văn phòng giám sát" in _text(refused)
    assert "Chỉ số phục vụ" not in _text(client.get("/backoffice/"))


def test_the_provinces_monitor_sees_the_province_and_opens_any_units_list(client, officers, province):
    client.force_login(officers["monitor@centre"])

    page = client.get(OVERVIEW + "?ky=2026-03")
    committee = province["committee"].pk
    listed = client.get(f"/backoffice/chi-so/ho-so/?ky=2026-03&chi_so=dossiers_received&don_vi={committee}")

    assert page.status_code == 200
    assert "Xã, phường, đặc khu" in _text(page) and "Sở, ban, ngành" in _text(page)
    assert 'href="/backoffice/chi-so/"' in _text(client.get("/backoffice/"))  # the menu's door
    assert listed.status_code == 200


def test_a_departments_leader_lands_on_the_department_and_cannot_list_a_communes_dossiers(client, officers, province):
    client.force_login(officers["leader@department"])
    department, committee = province["department"], province["committee"]

    landing = client.get(OVERVIEW)
    ranking = client.get(OVERVIEW + "?ky=2026-03")
    own = client.get(f"/backoffice/chi-so/ho-so/?ky=2026-03&chi_so=dossiers_received&don_vi={department.pk}")
    other = client.get(f"/backoffice/chi-so/ho-so/?ky=2026-03&chi_so=dossiers_received&don_vi={committee.pk}")
    whole = client.get("/backoffice/chi-so/ho-so/?ky=2026-03&chi_so=dossiers_received")

    assert landing.status_code == 200 and f"<h1>{department.name}" in _text(landing)
    assert ranking.status_code == 200 and "Sở, ban, ngành" in _text(ranking)  # the rankings are public anyway
    assert own.status_code == 200
    assert other.status_code == 403 and "chỉ xem được hồ sơ của đơn vị mình" in _text(other)
    assert whole.status_code == 403  # the province's list is the province office's
    # the on-time table of someone else's unit is refused the same way; the leader's own opens
    assert client.get(f"/backoffice/chi-so/dung-han/?ky=2026-03&don_vi={committee.pk}").status_code == 403
    assert client.get(f"/backoffice/chi-so/dung-han/?ky=2026-03&don_vi={department.pk}").status_code == 200


def test_a_communes_leader_lands_on_the_commune_and_only_a_monitor_imports_the_published_scores(
    client, officers, province
):
    client.force_login(officers["leader@committee"])

    landing = client.get(OVERVIEW)
    upload = client.post("/backoffice/chi-so/doi-chieu/?ky=2026-03", {})

    assert f"<h1>{province['committee'].name}" in _text(landing)
    assert upload.status_code == 403
    assert "nhập điểm công bố" in _text(upload)


@pytest.mark.parametrize("bad", ["2026-13", "abc", "2999-01", "2026-Q5", "9" * 400])
def test_a_period_that_cannot_be_read_shows_the_running_month_and_says_so(client, officers, bad):
    client.force_login(officers["monitor@centre"])

    page = client.get(OVERVIEW, {"ky": bad})

    assert page.status_code == 200
    assert "Không đọc được kỳ" in _text(page)


@pytest.mark.parametrize(
    "url",
    [
        "/backoffice/chi-so/ho-so/?ky=2026-03&chi_so=no_such_figure",
        "/backoffice/chi-so/ho-so/?ky=2026-03&so_lieu=no_such_counter",
        "/backoffice/chi-so/ho-so/?ky=2026-03&chi_so=dossiers_received&don_vi=999999",
        "/backoffice/chi-so/don-vi/999999/?ky=2026-03",
        "/backoffice/chi-so/xuat.doc?ky=2026-03",
    ],
)
def test_a_figure_unit_or_format_that_does_not_exist_is_a_404_in_vietnamese(client, officers, url):
    client.force_login(officers["monitor@centre"])

    response = client.get(url)

    assert response.status_code == 404
    assert "Không" in _text(response)
