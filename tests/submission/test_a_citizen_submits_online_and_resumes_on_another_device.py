"""Issue 4 item 2: find → start → fill in and attach → save → resume on another device → review → submit → the
confirmation with the dossier code; the desk then receives it and the citizen sees it in "Hồ sơ của tôi"."""

import time_machine
from django.core.files.storage import default_storage

from lienthong.dossiers.constants import Channel, EventKind, Status
from lienthong.dossiers.models import Attachment, Dossier, DossierEvent
from lienthong.dossiers.services import dossier_receive_submitted
from lienthong.submission.models import Draft, DraftFile
from tests.dossiers.lifecycle_given import at

from .given import answers, draft_started, mandatory_files


def test_from_the_procedure_page_to_the_code_and_the_desks_receipt(phone, laptop, citizen, province, officers,
                                                                   procedure, documents):  # fmt: skip
    page = phone.get(f"/thu-tuc/{procedure.procedure.national_code}/")
    assert f'href="/nop-ho-so/{procedure.procedure.national_code}/"' in page.content.decode()

    # a link creates nothing; the start page offers a button
    assert phone.get(f"/nop-ho-so/{procedure.procedure.national_code}/").status_code == 200
    assert not Draft.objects.exists()
    draft = draft_started(phone, procedure)
    form = phone.get(f"/nop-ho-so/nhap/{draft.pk}/").content.decode()
    assert "Nguyễn Thị Hoa" in form and 'name="applicant_name"' not in form  # the account's, not asked again
    assert draft.agency == province["commune_centre"]  # the only desk that receives it

    # on the phone: half the form and one scan, saved without the browser's checks
    half = answers(province, form__ngay_sinh="", applicant_address="")
    first_doc = procedure.documents.get(position=1)
    files = mandatory_files(procedure)
    first_scan = {f"file_{first_doc.pk}": files[f"file_{first_doc.pk}"]}
    saved = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**half, "action": "save", **first_scan})
    assert saved.status_code == 302
    kept = DraftFile.objects.get(draft=draft)
    assert (kept.original_name, kept.content_type, kept.required_document) == ("trang-1.pdf", "application/pdf",
                                                                               first_doc)  # fmt: skip
    assert kept.file.name.startswith(f"drafts/{draft.pk}/") and "trang" not in kept.file.name  # a generated name
    assert default_storage.exists(kept.file.name)

    # on the laptop: the same draft, what was typed and the scan already there
    resumed = laptop.get(f"/nop-ho-so/nhap/{draft.pk}/").content.decode()
    assert 'value="0912345678"' in resumed and "trang-1.pdf" in resumed
    assert laptop.get(f"/nop-ho-so/{procedure.procedure.national_code}/")["Location"] == f"/nop-ho-so/nhap/{draft.pk}/"

    second = procedure.documents.get(position=2)
    checked = laptop.post(f"/nop-ho-so/nhap/{draft.pk}/", {**answers(province), "action": "review",
                                                          f"file_{second.pk}": files[f"file_{second.pk}"]})  # fmt: skip
    assert checked.status_code == 302 and checked["Location"] == f"/nop-ho-so/nhap/{draft.pk}/xem-lai/"
    review = laptop.get(checked["Location"]).content.decode()
    assert "Nguyễn Thị Hoa" in review and "17/05/1990" in review and "so-do.png" in review

    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        submitted = laptop.post(f"/nop-ho-so/nhap/{draft.pk}/xem-lai/")
    dossier = Dossier.objects.get(citizen=citizen)
    assert submitted["Location"] == f"/nop-ho-so/da-nop/{dossier.code}/"
    done = laptop.get(submitted["Location"]).content.decode()
    assert dossier.code in done and dossier.code.endswith("-260302-0001")
    assert (dossier.status, dossier.channel, dossier.agency, dossier.applicant_id_number) == (
        Status.SUBMITTED, Channel.OWN_PORTAL, province["commune_centre"], "075190001234"
    )  # fmt: skip
    assert dossier.form_data == {"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "1990-05-17", "so_dinh_danh": "075190001234"}
    attachments = list(Attachment.objects.filter(dossier=dossier).order_by("required_document__position"))
    assert [(a.required_document.position, a.original_name, a.uploaded_by) for a in attachments] == [
        (1, "trang-1.pdf", citizen), (2, "so-do.png", citizen)
    ]  # fmt: skip
    assert attachments[0].file.name == kept.file.name  # adopted, not copied
    (event,) = DossierEvent.objects.filter(dossier=dossier)
    assert (event.kind, event.status_after, event.actor_label) == (EventKind.SUBMITTED, Status.SUBMITTED,
                                                                   "Nguyễn Thị Hoa")  # fmt: skip
    assert event.payload["code"] == dossier.code and event.payload["channel"] == Channel.OWN_PORTAL
    assert [(f["name"], f["document"], f["sha256"]) for f in event.payload["files"]] == [
        (a.original_name, a.required_document_id, a.sha256) for a in attachments
    ]
    draft.refresh_from_db()
    assert draft.dossier == dossier and draft.submitted_at and not DraftFile.objects.exists()

    # a second click and the back button land on the confirmation, and nothing is submitted twice
    assert phone.post(f"/nop-ho-so/nhap/{draft.pk}/xem-lai/")["Location"] == f"/nop-ho-so/da-nop/{dossier.code}/"
    assert phone.get(f"/nop-ho-so/nhap/{draft.pk}/")["Location"] == f"/nop-ho-so/da-nop/{dossier.code}/"
    assert Dossier.objects.count() == 1

    # the desk receives it: the code stays, the appointment comes
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        dossier_receive_submitted(officer=officers["receiver@commune_centre"], dossier=dossier,
                                  documents_present=documents)  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and dossier.code.endswith("-260302-0001") and dossier.due_at
    mine = phone.get("/tai-khoan/ho-so/").content.decode()
    assert dossier.code in mine
