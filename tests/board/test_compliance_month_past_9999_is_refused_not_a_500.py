"""Issue 11 §14: `?thang=9999-12` asked for the month after December 9999, which Python cannot write: a 500. A month
not begun is refused with the board's own message, whatever the year."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("month", ["9999-12", "9999-01", "2099-12"])
def test_a_month_far_ahead_is_not_yet_come(client, officers, month):
    client.force_login(officers["monitor@centre"])

    response = client.get("/backoffice/ket-noi/bao-cao/", {"thang": month})

    assert response.status_code == 404
    assert "Tháng này chưa đến." in response.content.decode()
