"""Givens for the back-office web tests: signed-in clients and the intake form as a desk officer fills it."""

from django.test import Client
from django.urls import reverse

from lienthong.dossiers.models import Dossier
from tests.files import PDF  # noqa: F401 — a real one-page PDF; re-exported to the tests here

PASSWORD = "mat-khau-dai-123"  # tests/dossiers/conftest.py: every test officer's password


def signed_in(officers, key: str) -> Client:
    client = Client()
    response = client.post(reverse("backoffice:login"), {"username": officers[key].username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def intake_post(procedure, **overrides) -> dict:
    """What the desk types for Nguyễn Thị Hoa's land registration, every mandatory document ticked."""
    data = {
        "channel": "counter", "applicant_kind": "citizen", "applicant_name": "Nguyễn Thị Hoa",
        "applicant_id_number": "075190001234", "applicant_phone": "0912345678", "applicant_email": "hoa@example.vn",
        "applicant_address": "Phường Trấn Biên, Đồng Nai", "result_delivery": "at_desk", "summary": "",
        "form__ho_ten": "Nguyễn Thị Hoa", "form__ngay_sinh": "1990-05-17", "form__so_dinh_danh": "075190001234",
    }  # fmt: skip
    for doc in procedure.documents.filter(is_mandatory=True):
        data[f"doc_{doc.pk}"] = "on"
    data.update(overrides)
    return data


def latest() -> Dossier:
    return Dossier.objects.order_by("-id").first()
