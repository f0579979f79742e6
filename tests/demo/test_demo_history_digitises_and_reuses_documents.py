"""Issue 14 in the demo's two years: at the desks with a demo officer and a seal, some paper dossiers had a document
digitised at receipt (a copy certified by the desk officer, then sealed, in the applicant's store), and some of those
applicants came back later with a dossier that reused it — the events the services write (DOCUMENT_DIGITISED,
DOCUMENT_REUSED, right after the receipt), the chain intact, so Decision 766's group 4 and the national sync's
DuocSoHoa / DuocTaiSuDung have figures from the history itself."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from lienthong.demo.history import demo_history_build
from lienthong.dossiers.constants import Channel, EventKind
from lienthong.dossiers.models import Attachment, StoredDocument
from lienthong.dossiers.services.audit import audit_verify
from lienthong.dossiers.services.store import document_kind_of
from lienthong.national.services.sync import national_prepare
from lienthong.reports.models import DossierFact
from lienthong.reports.rebuild import reports_rebuild
from lienthong.signing.constants import Status as Verdict
from lienthong.signing.models import SignerCertificate
from lienthong.signing.trust import trust_roots
from lienthong.signing.verify import pdf_verify

from .conftest import built

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 11, 16, 20, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
COUNT = 1500


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker, media):
    with override_settings(MEDIA_ROOT=media), built(django_db_blocker, history=0):
        report = demo_history_build(count=COUNT, now=NOW)
        reports_rebuild()
        yield report


@pytest.fixture(autouse=True)
def _same_media(settings, media):
    settings.MEDIA_ROOT = media


def _digitised():
    return Attachment.objects.filter(digitised_at__isnull=False, reused_from__isnull=True).select_related("dossier")


def _reused():
    return Attachment.objects.filter(reused_from__isnull=False).select_related(
        "dossier", "reused_from__source__dossier"
    )


def test_paper_documents_were_digitised_at_receipt_into_the_applicant_s_store(history):
    copies = list(_digitised())
    assert len(copies) >= 5
    for copy in copies:
        dossier = copy.dossier
        assert dossier.channel in (Channel.COUNTER, Channel.POST) and copy.digitised_at == dossier.received_at
        assert copy.digitised_by_id == dossier.receiver_id is not None and copy.is_paper_checked
        stored = StoredDocument.objects.get(source=copy)
        assert stored.identity_number == dossier.applicant_id_number
        assert stored.document_kind == document_kind_of(copy.required_document)
        received, digitised = dossier.events.order_by("seq")[:2]
        assert (received.kind, digitised.kind) == (EventKind.RECEIVED, EventKind.DOCUMENT_DIGITISED)
        assert digitised.payload["attachment"] == copy.pk and digitised.payload["stored"] == stored.pk
        assert digitised.actor_id == received.actor_id


def test_the_copy_is_signed_by_the_desk_officer_then_sealed_and_verifies(history):
    copy = _digitised().first()
    with copy.file.open("rb") as handle:
        verdict = pdf_verify(handle.read(), trust_roots=trust_roots())
    assert verdict.status == Verdict.VALID
    officer = SignerCertificate.objects.get(user=copy.digitised_by, agency=copy.dossier.agency, is_active=True)
    seal = SignerCertificate.objects.get(user=None, agency=copy.dossier.agency, is_active=True)
    assert [s.signer_serial for s in verdict.signatures] == [officer.serial, seal.serial]
    assert StoredDocument.objects.get(source=copy).signer_serial == seal.serial


def test_the_same_applicants_came_back_and_reused_it(history):
    reused = list(_reused())
    assert reused and len(reused) <= len(_digitised())
    for copy in reused:
        first, later = copy.reused_from.source.dossier, copy.dossier
        assert later.received_at > first.received_at + dt.timedelta(days=7)
        assert (later.applicant_name, later.applicant_id_number) == (first.applicant_name, first.applicant_id_number)
        assert copy.reused_from.document_kind == document_kind_of(copy.required_document)
        assert copy.sha256 == copy.reused_from.sha256
        event = later.events.get(kind=EventKind.DOCUMENT_REUSED)
        assert event.payload["stored"] == copy.reused_from_id and event.payload["attachment"] == copy.pk
        assert event.seq == later.events.get(kind=EventKind.RECEIVED).seq + 1
        # the later dossier's form names its applicant, the person who came back
        own = {"ho_ten_nguoi_yeu_cau": later.applicant_name, "ho_ten_chu_ho": later.applicant_name,
               "so_dinh_danh": later.applicant_id_number}  # fmt: skip
        assert all(later.form_data[key] == value for key, value in own.items() if key in later.form_data)


def test_the_chain_holds_and_the_read_model_and_the_sync_see_them(history):
    assert audit_verify().ok
    reused = {a.dossier_id for a in _reused()}
    assert set(DossierFact.objects.filter(reused_component=True).values_list("dossier_id", flat=True)) == reused
    copy = _reused().first()
    prepared = national_prepare(dossier_id=copy.dossier_id, links=False)
    assert not prepared.errors()
    (sent,) = [d for d in prepared.payload.record["TaiLieuNop"] if d["TepDinhKemId"] == str(copy.pk)]
    assert (sent["DuocSoHoa"], sent["DuocTaiSuDung"]) == (1, 1)
    assert prepared.payload.record["HoSoCoThanhPhanSoHoa"] == 1
