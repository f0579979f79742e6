"""Issue 14, part 4 in the demo: a few desks with a seal digitised a paper document, and the same applicants came back
with a dossier that reused it — so Decision 766's reuse figure is not 0 on the demo's dashboard."""

import pytest

from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.models import Attachment, DossierEvent, StoredDocument
from lienthong.reports.models import DossierFact
from lienthong.signing.constants import Status
from lienthong.signing.models import TrustAnchor
from lienthong.signing.trust import trust_roots
from lienthong.signing.verify import pdf_verify

pytestmark = pytest.mark.django_db


def test_documents_were_digitised_and_reused_by_the_same_applicants(demo):
    stored = list(StoredDocument.objects.all())
    assert stored and TrustAnchor.objects.exists()
    reused = Attachment.objects.filter(reused_from__isnull=False).select_related("dossier", "reused_from")
    assert reused and all(a.dossier.applicant_id_number == a.reused_from.identity_number for a in reused)
    assert DossierEvent.objects.filter(kind=EventKind.DOCUMENT_REUSED).count() == len(reused)
    assert set(DossierFact.objects.filter(reused_component=True).values_list("dossier_id", flat=True)) == {
        a.dossier_id for a in reused}  # fmt: skip
    with stored[0].file.open("rb") as handle:
        assert pdf_verify(handle.read(), trust_roots=trust_roots()).status == Status.VALID
