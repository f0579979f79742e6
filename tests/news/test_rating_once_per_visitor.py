import pytest

from lienthong.news.models import ArticleRating

pytestmark = pytest.mark.django_db
URL = "/tin-tuc/lich-nghi-tet/"


def test_a_visitor_rates_once_and_sees_the_average(client, article):
    response = client.post(URL + "danh-gia/", {"stars": "4"})
    assert response.status_code == 302 and response["Location"] == URL + "?danh-gia=cam-on#danh-gia"
    html = client.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn đã đánh giá." in html and "Bạn đã đánh giá 4 sao." in html
    assert "Điểm trung bình 4.0/5 (1 lượt đánh giá)" in html or "Điểm trung bình 4,0/5 (1 lượt đánh giá)" in html

    again = client.post(URL + "danh-gia/", {"stars": "1"})
    assert again.status_code == 409
    assert "Bạn đã đánh giá bài viết này" in again.content.decode()
    article.refresh_from_db()
    assert (article.rating_count, article.rating_total) == (1, 4)


def test_another_visitor_may_rate_too(client, article):
    client.post(URL + "danh-gia/", {"stars": "5"})
    assert client.post(URL + "danh-gia/", {"stars": "3"}, HTTP_USER_AGENT="Điện thoại khác").status_code == 302
    article.refresh_from_db()
    assert article.rating_count == 2 and article.rating_average == 4.0
    assert ArticleRating.objects.count() == 2


def test_stars_outside_one_to_five_are_refused_in_vietnamese(client, article):
    response = client.post(URL + "danh-gia/", {"stars": "9"})
    assert response.status_code == 400
    assert "Vui lòng chọn từ 1 đến 5 sao." in response.content.decode()
    assert not ArticleRating.objects.exists()
