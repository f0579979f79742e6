import pytest
from django.contrib.auth import get_user_model

from lienthong.news.constants import CommentStatus
from lienthong.news.models import Comment

pytestmark = pytest.mark.django_db
URL = "/tin-tuc/lich-nghi-tet/"


def _post(client, **fields):
    return client.post(URL + "binh-luan/", {"name": "Nguyễn Văn An", "text": "Cảm ơn thông báo.", **fields})


def test_a_comment_goes_to_pending_and_is_not_shown(client, article):
    response = _post(client)
    assert response.status_code == 302
    assert response["Location"] == URL + "?binh-luan=cho-duyet#binh-luan"
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.article == article
    html = client.get(response["Location"]).content.decode()
    assert "Bình luận của bạn đang chờ duyệt" in html
    assert "Cảm ơn thông báo." not in html


def test_an_approved_comment_is_shown_and_a_rejected_one_is_not(client, article):
    _post(client, text="Bình luận hay")
    _post(client, name="Kẻ quảng cáo", text="Mua hàng giá rẻ")
    admin = get_user_model().objects.create_superuser("bientap", "b@example.vn", "mat-khau-dai-123")
    client.force_login(admin)
    good, bad = Comment.objects.get(text="Bình luận hay"), Comment.objects.get(text="Mua hàng giá rẻ")
    listing = "/admin/news/comment/"
    assert client.post(listing, {"action": "approve", "_selected_action": [good.pk]}).status_code == 302
    assert client.post(listing, {"action": "reject", "_selected_action": [bad.pk]}).status_code == 302
    good.refresh_from_db()
    assert good.status == CommentStatus.APPROVED and good.moderated_by == admin and good.moderated_at
    html = client.get(URL).content.decode()
    assert "Bình luận hay" in html and "Mua hàng giá rẻ" not in html
    assert "1 bình luận" in html


def test_an_empty_comment_is_refused_in_vietnamese(client, article):
    response = _post(client, name="", text="  ")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng nhập họ và tên." in html and "Vui lòng nhập nội dung bình luận." in html
    assert not Comment.objects.exists()


def test_the_form_needs_a_csrf_token(article):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL + "binh-luan/", {"name": "An", "text": "Chào"})
    assert response.status_code == 403
    assert not Comment.objects.exists()
