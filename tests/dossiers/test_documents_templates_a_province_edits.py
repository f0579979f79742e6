"""A province words its forms itself: an administrator saves a template (checked before it is saved), the forms
follow it while it is active, a broken one never stops the desk, and no template makes the server fetch anything."""

import logging
import socket

import pytest
from django.contrib.auth import get_user_model

from lienthong.dossiers.documents import document_pdf, html_to_pdf
from lienthong.dossiers.documents.weasy import OfflineFetcher
from lienthong.dossiers.models import DocumentTemplate
from tests.dossiers.test_documents_given import Desk, pdf_text

pytestmark = pytest.mark.django_db
OWN_TITLE = (
    '{% extends "dossiers/documents/mau_01.html" %}'
    "{% block title_row %}<h1>BIÊN NHẬN HỒ SƠ CỦA TỈNH ĐỒNG NAI</h1>{% endblock %}"
)
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
PIXEL = f"data:image/png;base64,{PNG}"  # one white pixel


@pytest.fixture
def desk(province, officers, procedure, applicant, form_data, documents):
    return Desk(province, officers, procedure, applicant, form_data, documents)


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-dai-123"))
    return client


def test_the_provinces_template_replaces_the_shipped_one_while_active(desk):
    dossier = desk.receive()
    template = DocumentTemplate.objects.create(kind="01", html=OWN_TITLE)

    text = pdf_text(document_pdf(dossier=dossier, kind="01"))
    assert "BIÊN NHẬN HỒ SƠ CỦA TỈNH ĐỒNG NAI" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" not in text
    assert "17 giờ 00 phút, thứ Tư, ngày 25/02/2026" in text  # the rest of the shipped form is still there

    template.is_active = False
    template.save()
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in pdf_text(document_pdf(dossier=dossier, kind="01"))
    # and another form's template leaves this one alone
    DocumentTemplate.objects.create(kind="02", html="<p>Phiếu khác</p>")
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in pdf_text(document_pdf(dossier=dossier, kind="01"))


def test_a_template_that_fails_to_render_falls_back_to_the_shipped_one_and_is_logged(desk, caplog):
    dossier = desk.receive()
    DocumentTemplate.objects.create(kind="01", html='{% extends "dossiers/documents/khong_co.html" %}')

    with caplog.at_level(logging.ERROR, logger="lienthong.dossiers.documents.templates"):
        text = pdf_text(document_pdf(dossier=dossier, kind="01"))

    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Mẫu 01 của tỉnh không dùng được" in caplog.text


def test_rendering_fetches_nothing_from_the_network(desk, monkeypatch):
    dossier = desk.receive()
    DocumentTemplate.objects.create(kind="01", html=(
        '{% extends "dossiers/documents/mau_01.html" %}{% block style %}'
        '@font-face { font-family: "Xa"; src: url("https://fonts.example.com/xa.woff2"); }{% endblock %}'
        '{% block body %}<img src="http://example.com/x.png"><img src="file:///etc/passwd">'
        f'<img src="{PIXEL}"><link rel="stylesheet" href="https://example.com/x.css">'
        "<p>Có ảnh nhúng</p>{% endblock %}"
    ))  # fmt: skip
    connections, asked = [], []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: connections.append(address))
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: connections.append(address))
    fetch = OfflineFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url.split(",")[0])
        return fetch(self, url, headers)

    monkeypatch.setattr(OfflineFetcher, "fetch", spy)

    text = pdf_text(document_pdf(dossier=dossier, kind="01"))

    assert "Có ảnh nhúng" in text
    assert connections == []
    assert set(asked) == {"http://example.com/x.png", "file:///etc/passwd", "data:image/png;base64",
                          "https://example.com/x.css", "https://fonts.example.com/xa.woff2"}  # fmt: skip


def test_the_offline_fetcher_refuses_all_but_data_urls():
    fetcher = OfflineFetcher()
    for url in ("http://example.com/x.png", "https://example.com/x.png", "file:///etc/passwd", "ftp://x/y"):
        with pytest.raises(ValueError, match="không tải tài nguyên ngoài"):
            fetcher.fetch(url)
    assert fetcher.fetch(PIXEL).read().startswith(b"\x89PNG")
    assert html_to_pdf('<img src="http://10.0.0.1/x.png"><p>Tờ trống</p>').startswith(b"%PDF-")


def test_the_admin_refuses_a_template_django_cannot_compile(admin_client):
    url = "/admin/dossiers/documenttemplate/add/"
    response = admin_client.post(url, {"kind": "03", "html": "<p>{% if %}</p>", "is_active": "on"})
    assert response.status_code == 200
    assert "Mẫu sai cú pháp" in response.content.decode()
    assert not DocumentTemplate.objects.exists()

    response = admin_client.post(url, {"kind": "03", "html": "<h1>{{ title }}</h1>", "is_active": "on"})
    assert response.status_code == 302
    assert DocumentTemplate.objects.get().html == "<h1>{{ title }}</h1>"


def test_a_new_template_starts_from_the_shipped_one(admin_client):
    html = admin_client.get("/admin/dossiers/documenttemplate/add/?kind=05").content.decode()
    assert "Mẫu 05 – Thông báo dừng giải quyết hồ sơ" in html  # the shipped template's own comment
    assert "{% extends &quot;dossiers/documents/base.html&quot; %}" in html
