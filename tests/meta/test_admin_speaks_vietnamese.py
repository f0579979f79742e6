import pytest
from django.conf import settings
from django.contrib.auth import get_user_model


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-dai-123")
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/", "Quản trị danh mục và cấu hình"),
        ("/admin/", "Đơn vị hành chính"),
        ("/admin/", "Thủ tục hành chính"),
        ("/admin/org/agency/", "Cơ quan/đơn vị"),
        ("/admin/org/agency/add/", "Mã định danh (QCVN 102:2016)"),
        ("/admin/org/headassignment/", "Người đứng đầu"),
        ("/admin/catalogue/procedureversion/add/", "Thời hạn giải quyết"),
        ("/admin/core/calendarexception/", "Ngày nghỉ / làm bù điều chỉnh"),
    ],
)
def test_admin_pages_are_in_vietnamese_by_default(superuser_client, url, expected):
    response = superuser_client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_english_is_available_on_request(superuser_client):
    superuser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = superuser_client.get("/admin/")
    assert "Site administration" in response.content.decode() or "Log out" in response.content.decode()
