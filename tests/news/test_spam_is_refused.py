import pytest

from lienthong.news.models import Comment

pytestmark = pytest.mark.django_db
URL = "/tin-tuc/lich-nghi-tet/binh-luan/"


def test_a_filled_honeypot_stores_nothing_and_tells_the_robot_nothing(client, article):
    response = client.post(URL, {"name": "Robot", "text": "Quảng cáo", "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_past_the_rate_limit_a_client_is_told_to_wait(client, article, settings):
    settings.LIENTHONG_NEWS_COMMENT_RATE = "3/600"
    for n in range(3):
        assert client.post(URL, {"name": "An", "text": f"Bình luận {n}"}).status_code == 302
    response = client.post(URL, {"name": "An", "text": "Bình luận thứ tư"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Bạn đã gửi quá nhiều bình luận" in response.content.decode()
    assert Comment.objects.count() == 3


def test_another_address_is_not_limited(client, article, settings):
    settings.LIENTHONG_NEWS_COMMENT_RATE = "1/600"
    assert client.post(URL, {"name": "An", "text": "Một"}).status_code == 302
    assert client.post(URL, {"name": "Bình", "text": "Hai"}, REMOTE_ADDR="10.0.0.9").status_code == 302
    assert client.post(URL, {"name": "An", "text": "Ba"}).status_code == 429
