"""Issue 11, item 1, in the demo's story: a historical dossier returned electronically had no result file, so the
tracking page told its applicant to download a result that was not there. The history's officer now attaches the
result when processing ends (one specimen PDF shared by every historical result), the return's event names it, the
chain still verifies, and the applicant downloads it from the tracking page."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from lienthong.demo.history import demo_history_build
from lienthong.dossiers.constants import EventKind, ResultDelivery, Status
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.services.audit import audit_verify

from .conftest import built

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 11, 16, 20, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
COUNT = 300


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker, media):
    with override_settings(MEDIA_ROOT=media), built(django_db_blocker, history=0):
        yield demo_history_build(count=COUNT, now=NOW)


@pytest.fixture(autouse=True)
def _same_media(settings, media):
    settings.MEDIA_ROOT = media


def _electronic_returns():
    return Dossier.objects.filter(status=Status.RETURNED, result_delivery=ResultDelivery.ELECTRONIC)


def test_every_electronic_return_has_its_result_file(history):
    returned = list(_electronic_returns())
    assert len(returned) > 20
    for dossier in returned:
        results = list(dossier.attachments.filter(kind=Attachment.Kind.RESULT))
        assert results, dossier.code
        with results[0].file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"


def test_the_return_names_the_files_it_handed_over_and_the_chain_holds(history):
    dossier = _electronic_returns().first()
    returned = dossier.events.get(kind=EventKind.RETURNED)
    files = [{"id": a.pk, "name": a.original_name, "sha256": a.sha256}
             for a in dossier.attachments.filter(kind=Attachment.Kind.RESULT)]  # fmt: skip
    assert returned.payload["results"] == files
    assert audit_verify().ok


def test_paper_results_are_scanned_for_some_and_refused_dossiers_have_none(history):
    paper = Dossier.objects.filter(status=Status.RETURNED).exclude(result_delivery=ResultDelivery.ELECTRONIC)
    scanned = paper.filter(attachments__kind=Attachment.Kind.RESULT).distinct().count()
    assert 0.4 < scanned / paper.count() < 0.8
    assert not Attachment.objects.filter(dossier__status=Status.REFUSED, kind=Attachment.Kind.RESULT).exists()


def test_the_applicant_downloads_the_result_from_the_tracking_page(history, client):
    dossier = _electronic_returns().exclude(applicant_phone="").first()

    page = client.get("/tra-cuu/", {"code": dossier.code, "digits": dossier.applicant_phone[-4:]}).content.decode()

    link = re.search(r'href="(/tra-cuu/ket-qua/[^"]+/)"', page)
    assert link, page
    download = client.get(link[1])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
