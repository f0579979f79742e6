"""The demo's digitised documents and their reuse (docs/signing.md): at a few desks whose agency has its seal, the
receiver digitises a paper document of a dossier received lately (a specimen scan, certified and sealed as at a real
desk), and the same person comes back with a second dossier of the same procedure, which reuses the stored copy
instead of the paper. All through the services, so the events, the store and Decision 766's group 4 (reuse) on the
demo's dashboard come from real data, today's beside the history's (demo/history/digitised.py). Once: nothing is
done when the store already holds a document digitised live.
"""

from django.core.files.base import ContentFile

from lienthong.core.pdf import html_to_pdf
from lienthong.dossiers.constants import Channel, Status
from lienthong.dossiers.models import Dossier, StoredDocument
from lienthong.dossiers.services import Applicant, DossierError, dossier_receive
from lienthong.dossiers.services.store import DIGITISABLE, document_reuse, store_offers
from lienthong.org.constants import Role
from lienthong.org.models import OfficerRole
from lienthong.signing.digitise import attachment_digitise
from lienthong.signing.models import SignerCertificate
from lienthong.signing.services import SigningError

COUNT = 4  # applicants who come back
SCAN_HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 2cm } body { font-family: "DejaVu Serif", serif; font-size: 13pt }
h1 { text-align: center; font-size: 15pt } p.mark { text-align: center; color: #8a1c1c }
</style></head><body><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập – Tự do – Hạnh phúc</p>
<h1>%(name)s</h1><p class="mark">Bản quét mẫu của tỉnh mẫu trong hệ thống Liên Thông — không có giá trị pháp lý.</p>
</body></html>"""


def _applicant(dossier: Dossier) -> Applicant:
    return Applicant(name=dossier.applicant_name, kind=dossier.applicant_kind, id_number=dossier.applicant_id_number,
                     tax_code=dossier.applicant_tax_code, phone=dossier.applicant_phone,
                     email=dossier.applicant_email, address=dossier.applicant_address)  # fmt: skip


def demo_digitisation_load() -> int:
    """Digitise a document of up to COUNT received dossiers and reuse it in a new dossier of the same applicant;
    returns how many were reused."""
    if StoredDocument.objects.exclude(file__startswith="demo/").exists():  # the history's share specimens in demo/
        return 0
    sealed = SignerCertificate.objects.filter(user=None, is_active=True).values("agency_id")
    candidates = (
        Dossier.objects.filter(status__in=DIGITISABLE - {Status.SUBMITTED}, channel__in=[Channel.COUNTER, Channel.POST],
                               agency_id__in=sealed)  # fmt: skip
        .exclude(applicant_id_number="").select_related("agency", "procedure_version").order_by("-received_at", "-id")
    )  # fmt: skip
    reused = 0
    for dossier in candidates[:40]:
        if reused >= COUNT:
            break
        documents = [d for d in dossier.procedure_version.documents.all() if not d.is_declaration]
        desks = OfficerRole.objects.filter(
            agency_id=dossier.agency_id,
            role=Role.RECEIVER,
            is_active=True,
            user__is_active=True,
            user__connected_system__isnull=True,
        )  # a person
        desk = desks.select_related("user").order_by("id").first()
        if not documents or desk is None:
            continue
        scan = ContentFile(html_to_pdf(SCAN_HTML % {"name": documents[0].name.upper()}), name="ban-quet.pdf")
        try:
            attachment_digitise(officer=desk.user, dossier=dossier, document=documents[0], upload=scan)
            again = dossier_receive(
                officer=desk.user, agency=dossier.agency, version=dossier.procedure_version, channel=Channel.COUNTER,
                applicant=_applicant(dossier),
                form_data={key: value for key, value in dossier.form_data.items() if not key.startswith("_")},
                documents_present={d.pk for d in dossier.procedure_version.documents.all()},
                result_delivery=dossier.result_delivery,
            )  # fmt: skip
        except (DossierError, SigningError):  # a version no longer received, a form that changed: the next one
            continue
        for document, stored in store_offers(dossier=again):
            document_reuse(officer=desk.user, dossier=again, document=document, stored=stored)
            reused += 1
    return reused
