"""The demo history's online submissions carried no files: the desk opened a dossier submitted online and read "Chưa
có tệp đính kèm". Each now carries the applicant's upload of every mandatory document — one small specimen PDF stored
once and shared by all of them, under the name her upload would have — listed in its SUBMITTED event as the online
intake lists them; counter and post dossiers carry none, and the chain still verifies."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from lienthong.demo.history import demo_history_build
from lienthong.demo.history.results import SCAN_NAME
from lienthong.dossiers.constants import Channel, EventKind
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.services.audit import audit_verify

from .conftest import built

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 11, 16, 20, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
COUNT = 300
ONLINE = (Channel.NATIONAL_PORTAL, Channel.OWN_PORTAL)


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


def test_every_online_submission_carries_a_file_per_mandatory_document(history):
    online = Dossier.objects.filter(channel__in=ONLINE).prefetch_related("attachments", "procedure_version__documents")
    online = list(online)
    assert len(online) > 20
    for dossier in online:
        mandatory = sorted(d.pk for d in dossier.procedure_version.documents.all() if d.is_mandatory)
        uploaded = [a for a in dossier.attachments.all() if a.kind == Attachment.Kind.SUBMITTED]
        assert sorted(a.required_document_id for a in uploaded) == mandatory, dossier.code
        assert all(a.original_name.endswith(".pdf") and a.uploaded_at == dossier.submitted_at for a in uploaded)


def _uploads():
    """What applicants uploaded: not the copies the desk digitised or took from a store (demo/history/digitised.py)."""
    return Attachment.objects.filter(kind=Attachment.Kind.SUBMITTED, digitised_at__isnull=True)


def test_they_share_one_stored_pdf(history, media):
    files = set(_uploads().values_list("file", flat=True))
    assert files == {SCAN_NAME}
    assert [p.name for p in (media / "demo").iterdir() if p.name.startswith("giay-to")] == ["giay-to-mau.pdf"]
    with _uploads().first().file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_the_submitted_event_lists_them_and_the_chain_holds(history):
    dossier = Dossier.objects.filter(channel__in=ONLINE, attachments__kind=Attachment.Kind.SUBMITTED).first()
    submitted = dossier.events.get(kind=EventKind.SUBMITTED)
    uploads = dossier.attachments.filter(kind=Attachment.Kind.SUBMITTED).order_by("pk")
    listed = [{"name": a.original_name, "size": a.size, "sha256": a.sha256, "document": a.required_document_id,
               "item": ""} for a in uploads]  # fmt: skip
    assert submitted.payload["files"] == listed
    assert audit_verify().ok


def test_counter_and_post_dossiers_carry_no_upload(history):
    assert not _uploads().exclude(dossier__channel__in=ONLINE).exists()
    # their only files of the application are paper documents the desk digitised, or took from the store
    desk = Attachment.objects.filter(kind=Attachment.Kind.SUBMITTED).exclude(dossier__channel__in=ONLINE)
    assert all(a.digitised_at is not None and a.is_paper_checked or a.reused_from_id for a in desk)
