"""Issue 14, part 4 in the demo: a few desks with a seal digitised a paper document, and the same applicants came back
with a dossier that reused it — so Decision 766's reuse figure is not 0 on the demo's dashboard."""

import pytest

from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.models import Attachment, DossierEvent, StoredDocument
from lienthong.reports.models import DossierFact
from lienthong.signing.models import SignerCertificate, TrustAnchor

pytestmark = pytest.mark.django_db


def test_documents_were_digitised_and_reused_by_the_same_applicants(demo):
    stored = list(StoredDocument.objects.select_related("source"))
    assert stored and TrustAnchor.objects.exists()
    reused = Attachment.objects.filter(reused_from__isnull=False).select_related("dossier", "reused_from")
    assert reused and all(a.dossier.applicant_id_number == a.reused_from.identity_number for a in reused)
    assert DossierEvent.objects.filter(kind=EventKind.DOCUMENT_REUSED).count() == len(reused)
    assert set(DossierFact.objects.filter(reused_component=True).values_list("dossier_id", flat=True)) == {
        a.dossier_id for a in reused}  # fmt: skip
    # each copy was sealed by its desk's agency (the signature itself is checked in tests/signing; the build's files
    # live in the module's media folder, not the test's)
    sealed = {c.agency_id: c.serial for c in SignerCertificate.objects.filter(user=None, is_active=True)}
    digitised = [s for s in stored if s.source.kind == Attachment.Kind.SUBMITTED]  # not the signed results stored
    assert digitised and all(s.signer_serial == sealed[s.agency_id] for s in digitised)
