"""Issue 14: the IT officer registers an officer's PKCS#12 in the admin; the key is opened then (serial, holder and
expiry read from the certificate, the passphrase kept encrypted and never shown), a wrong passphrase registers
nothing, and the list filters the certificates that expire within 30 days."""

import pytest
from django.db import connection

from lienthong.signing.models import SignerCertificate
from tests.signing.given import PASSPHRASE

pytestmark = pytest.mark.django_db
ADD = "/admin/signing/signercertificate/add/"


def _post(admin_client, ca, officers, province, *, secret: str, days: int = 730):
    path = ca.pkcs12("Trần Văn Bình", days=days)
    data = {"user": officers["leader@department"].pk, "agency": province["department"].pk, "backend": "pkcs12",
            "pkcs12_path": str(path), "secret": secret}  # fmt: skip
    return admin_client.post(ADD, data, follow=True)


def test_a_certificate_is_registered_with_what_it_says(admin_client, ca, officers, province):
    page = _post(admin_client, ca, officers, province, secret=PASSPHRASE).content.decode()
    certificate = SignerCertificate.objects.get()
    assert (certificate.subject, certificate.user, certificate.is_active) == (
        "Trần Văn Bình", officers["leader@department"], True)  # fmt: skip
    assert f"Đã đăng ký chứng thư {certificate.serial}" in page
    assert PASSPHRASE not in page
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM signing_signercertificate WHERE id = %s", [certificate.pk])
        (stored,) = cursor.fetchone()
    assert PASSPHRASE not in stored and certificate.secret == PASSPHRASE  # encrypted at rest, read back through it


def test_a_wrong_passphrase_registers_nothing(admin_client, ca, officers, province):
    page = _post(admin_client, ca, officers, province, secret="sai-mat-khau").content.decode()
    assert "Không mở được khóa ký số" in page
    assert not SignerCertificate.objects.exists()


def test_the_list_shows_the_certificates_expiring_soon(admin_client, ca, officers, province):
    _post(admin_client, ca, officers, province, secret=PASSPHRASE, days=10)
    soon = admin_client.get("/admin/signing/signercertificate/?expiry=soon").content.decode()
    later = admin_client.get("/admin/signing/signercertificate/?expiry=expired").content.decode()
    assert "Trần Văn Bình" in soon and "Trần Văn Bình" not in later
