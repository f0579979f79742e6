"""The portal fetches a dossier's files by the links its record carries (TaiLieuNop[].DuongDanTaiTepTin,
DanhSachGiayToKetQua[].DuongDanTepTinKetQua): signed, expiring, and — when the portal's addresses are set — for it
alone; anything else is a bare 404 that does not say why (issue 19, point 2)."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from lienthong.dossiers.models import Attachment
from lienthong.dossiers.services.files import attachment_add
from lienthong.national.files import FILE_SALT, national_file_link
from tests.files import PDF  # a real one-page PDF: uploads are parsed
from tests.national.conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 3, 2, 9, 0)


@pytest.fixture
def result(receive, officers, settings) -> Attachment:
    settings.LIENTHONG_PUBLIC_URL = "https://motcua.dongnai.example/"
    with time_machine.travel(NOW, tick=False):
        dossier = receive()
        return attachment_add(officer=officers["receiver@commune_centre"], dossier=dossier,
                              upload=SimpleUploadedFile("ket-qua.pdf", PDF), kind=Attachment.Kind.RESULT)  # fmt: skip


def _path(link: str) -> str:
    return urlsplit(link).path


def test_a_link_is_absolute_under_the_public_address_and_downloads_the_file(client, result):
    with time_machine.travel(NOW, tick=False):
        link = national_file_link(result)
        response = client.get(_path(link))

    assert link.startswith("https://motcua.dongnai.example/lien-thong/dvcqg/tep/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="ket-qua.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_an_expired_link_is_refused(client, result, settings):
    settings.LIENTHONG_NATIONAL_FILE_LINK_SECONDS = 3600
    with time_machine.travel(NOW, tick=False):
        path = _path(national_file_link(result))
    with time_machine.travel(NOW + dt.timedelta(seconds=3599), tick=False):
        assert client.get(path).status_code == 200
    with time_machine.travel(NOW + dt.timedelta(seconds=3601), tick=False):
        assert client.get(path).status_code == 404


def test_forged_altered_or_borrowed_links_are_refused_alike(client, result, receive, officers):
    with time_machine.travel(NOW, tick=False):
        path = _path(national_file_link(result))
        other = receive()
        cases = {
            "altered": path.replace("/tep/", "/tep/x"),
            "unsigned": f"/lien-thong/dvcqg/tep/{result.dossier_id}-{result.pk}/",
            "another salt": f"/lien-thong/dvcqg/tep/{signing.dumps([result.dossier_id, result.pk])}/",
            "another dossier's": f"/lien-thong/dvcqg/tep/{signing.dumps([other.pk, result.pk], salt=FILE_SALT)}/",
            "no such file": f"/lien-thong/dvcqg/tep/{signing.dumps([result.dossier_id, 999_999], salt=FILE_SALT)}/",
        }
        answers = {name: client.get(url) for name, url in cases.items()}

    assert {name: answer.status_code for name, answer in answers.items()} == dict.fromkeys(cases, 404)
    assert len({answer.content for answer in answers.values()}) == 1  # one answer, whatever was wrong


def test_only_the_portals_addresses_download_when_they_are_set(client, result, settings):
    settings.LIENTHONG_NATIONAL_FILE_CLIENTS = ["203.0.113.0/24", "2001:db8::1"]
    with time_machine.travel(NOW, tick=False):
        path = _path(national_file_link(result))
        assert client.get(path, REMOTE_ADDR="203.0.113.7").status_code == 200
        assert client.get(path, REMOTE_ADDR="2001:db8::1").status_code == 200
        assert client.get(path, REMOTE_ADDR="198.51.100.7").status_code == 404
        assert client.get(path).status_code == 404  # the test client's 127.0.0.1


def test_the_record_carries_fresh_links_to_each_file(portal, result):
    from lienthong.national.services.sync import national_prepare

    with time_machine.travel(NOW, tick=False):
        record = national_prepare(dossier_id=result.dossier_id).payload.record

    [document] = record["DanhSachGiayToKetQua"]
    assert document["DuongDanTepTinKetQua"].startswith("https://motcua.dongnai.example/lien-thong/dvcqg/tep/")
    assert document["MaGiayToKetQua"] == f"{result.dossier.code}-KQ1"  # none given: made from the dossier's code


def test_a_file_the_storage_lost_is_a_404_not_an_error(client, result):
    result.file.storage.delete(result.file.name)
    with time_machine.travel(NOW, tick=False):
        assert client.get(_path(national_file_link(result))).status_code == 404
