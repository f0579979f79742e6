"""The form answers a robot that fills the hidden field like a person and writes nothing; past the per-address
rate it answers 429 with Retry-After (the rule `complaints.submit_rate`)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lienthong.complaints import rules
from lienthong.complaints.models import Complaint, ComplaintEvent
from lienthong.core.models import Rule

pytestmark = pytest.mark.django_db


def form(**overrides) -> dict:
    return {
        "kind": "recommendation", "sender_name": "Phạm Văn Bình", "sender_phone": "0909 111 222", "sender_email": "",
        "sender_address": "", "agency": "", "dossier_code": "", "title": "Đề nghị mở thêm quầy buổi trưa",
        "content": "Đề nghị Trung tâm nhận hồ sơ cả buổi trưa cho người đi làm.", "website": "",
    } | overrides  # fmt: skip


def test_a_sender_gets_a_code_and_the_legal_answer_deadline(client, province, officers):
    response = client.post(reverse("complaints:submit"), form(), follow=True)

    complaint = Complaint.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert complaint.code in page
    assert complaint.agency == province["centre"]  # no agency named: the province's monitoring office
    assert "Hạn trả lời theo quy định" in page
    assert f"{timezone.localtime(complaint.answer_due_at):%H:%M %d/%m/%Y}" in page
    assert response["Cache-Control"] == "private, no-store"


def test_a_filled_honeypot_is_thanked_and_nothing_is_written(client, province, officers):
    response = client.post(reverse("complaints:submit"), form(website="http://spam.example"))

    assert response.status_code == 200
    assert "Cảm ơn bạn" in response.content.decode()
    assert Complaint.objects.count() == 0 and ComplaintEvent.objects.count() == 0


def test_past_the_rate_the_address_gets_429_with_retry_after(client, province, officers):
    Rule.objects.create(key=rules.SUBMIT_RATE, value="2/3600")
    for _ in range(2):
        assert client.post(reverse("complaints:submit"), form()).status_code == 302

    response = client.post(reverse("complaints:submit"), form())

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Bạn đã gửi quá nhiều phản ánh, kiến nghị" in response.content.decode()
    assert Complaint.objects.count() == 2


def test_robots_count_towards_the_rate_too(client, province, officers):
    Rule.objects.create(key=rules.SUBMIT_RATE, value="1/3600")
    client.post(reverse("complaints:submit"), form(website="x"))

    response = client.post(reverse("complaints:submit"), form())

    assert response.status_code == 429 and response.has_header("Retry-After")
    assert Complaint.objects.count() == 0


def test_another_address_is_counted_apart(client, province, officers):
    Rule.objects.create(key=rules.SUBMIT_RATE, value="1/3600")
    client.post(reverse("complaints:submit"), form())

    response = client.post(reverse("complaints:submit"), form(), REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 302
