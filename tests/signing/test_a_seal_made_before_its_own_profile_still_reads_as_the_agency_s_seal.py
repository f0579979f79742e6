"""Issue 14: the agency's seal over the leader's signature is "Dấu của cơ quan" on the public page. Results sealed
before the seal had a profile of its own carry the attachment's /Reason in their bytes and were recorded as
ATTACHMENT_AGENCY: they still verify as before (the signed file does not change), migration 0005 relabels their
records, and such a result arriving signed from elsewhere is recorded as a seal."""

import importlib
import re

import pytest
from django.apps import apps
from pyhanko import stamp as stamps

from lienthong.dossiers.models import Attachment
from lienthong.signing import pdf
from lienthong.signing.constants import Profile
from lienthong.signing.models import SignedDocument
from tests.signing.given import a_pdf, shared_ca, signed_pdf, signed_result_attach
from tests.signing.test_the_leader_signs_the_result_on_approval import at_approval  # noqa: F401

pytestmark = pytest.mark.django_db
SEAL = "Sở Nông nghiệp và Môi trường"
migration = importlib.import_module("lienthong.signing.migrations.0005_agency_seal_profile")


def _sealed_the_old_way() -> bytes:
    """A leader's signature, then the agency's seal as it was made before AGENCY_SEAL: the attachment's profile."""
    stamp = pdf.StampInfo(signer_name=SEAL, agency_name=SEAL)
    return pdf.sign(signed_pdf(a_pdf()), profile=Profile.ATTACHMENT_AGENCY, signer=shared_ca().signer(SEAL),
                    stamp=stamp)  # fmt: skip


@pytest.fixture
def old_result(at_approval, officers) -> Attachment:  # noqa: F811
    return signed_result_attach(officer=officers["specialist@department"], dossier=at_approval,
                                content=_sealed_the_old_way())  # fmt: skip


def _rows(client, record: SignedDocument) -> list[str]:
    html = client.get(f"/v/{record.attachment.dossier.code}/{record.public_id}/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Trạng thái: HỢP LỆ" in text  # the signed bytes are what they were: it verifies as before
    items = re.findall(r"<li>(.*?)</li>", html[html.index('class="verify-signatures"') :], flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)) for item in items]


def test_an_old_seal_arriving_on_a_result_is_recorded_as_the_agency_s_seal(old_result, client):
    signed, sealed = SignedDocument.objects.filter(attachment=old_result).order_by("id")
    assert (signed.profile, sealed.profile) == (Profile.RESULT_AGENCY, Profile.AGENCY_SEAL)
    rows = _rows(client, signed)
    assert "Kiểu ký Dấu của cơ quan" in rows[1] and SEAL in rows[1]


def test_the_migration_relabels_seals_recorded_with_the_attachment_s_profile(old_result, client):
    # given the records as a database signed before this change holds them
    SignedDocument.objects.filter(attachment=old_result, profile=Profile.AGENCY_SEAL).update(
        profile=Profile.ATTACHMENT_AGENCY)  # fmt: skip
    signed = SignedDocument.objects.filter(attachment=old_result).order_by("id").first()
    assert "Phụ lục, tài liệu kèm theo (cơ quan ký)" in _rows(client, signed)[1]
    # when the migration runs
    migration.seals_named(apps, None)
    # then the seal reads as a seal, the leader's signature is untouched
    assert list(SignedDocument.objects.filter(attachment=old_result).order_by("id").values_list("profile", flat=True)) \
        == [Profile.RESULT_AGENCY, Profile.AGENCY_SEAL]  # fmt: skip
    assert "Kiểu ký Dấu của cơ quan" in _rows(client, signed)[1]
    # and it can be undone
    migration.seals_unnamed(apps, None)
    assert SignedDocument.objects.filter(profile=Profile.ATTACHMENT_AGENCY).count() == 1


def test_the_new_seal_is_placed_as_before_top_right_without_a_qr_code():
    width, height = 595.0, 842.0
    assert pdf._box(Profile.AGENCY_SEAL, width, height) == pdf._box(Profile.ATTACHMENT_AGENCY, width, height)
    style = pdf._stamp_style(Profile.AGENCY_SEAL, pdf.StampInfo(signer_name=SEAL, agency_name=SEAL, url="https://x/"))
    assert not isinstance(style, stamps.QRStampStyle)
    assert pdf.PROFILE_OF_REASON[pdf.REASONS[Profile.AGENCY_SEAL]] == Profile.AGENCY_SEAL
