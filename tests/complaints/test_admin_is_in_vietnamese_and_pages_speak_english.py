"""The admin lists complaints in Vietnamese and reads them only; the public pages follow the language switch."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", "q@example.vn", "mat-khau-dai-123"))
    return client


def test_the_admin_shows_complaints_and_their_history_in_vietnamese(admin_client, submit):
    complaint = submit()

    listing = admin_client.get("/admin/complaints/complaint/").content.decode()
    page = admin_client.get(f"/admin/complaints/complaint/{complaint.pk}/change/").content.decode()

    assert "Phản ánh, kiến nghị" in listing and complaint.code in listing
    assert "Nhật ký phản ánh, kiến nghị" in page and "Gửi phản ánh, kiến nghị" in page
    assert admin_client.get("/admin/complaints/complaint/add/").status_code == 403
    assert admin_client.get("/admin/notify/message/?kind=complaint_answered").status_code == 200  # its e-mails


def test_the_public_pages_speak_english_when_chosen(client, province, officers):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("complaints:submit")).content.decode()
    response = client.post(reverse("complaints:submit"), {"kind": "x"})

    assert "Send a complaint or recommendation" in page and "Complaints" in page
    assert "Please enter a title." in response.content.decode()
