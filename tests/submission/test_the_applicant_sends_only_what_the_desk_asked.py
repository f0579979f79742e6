"""Issue 4 item 2: when the desk asks for a supplement, the applicant uploads only what was asked — one input per
item of the request — and the desk sees the files and the event; the status waits for the desk."""

from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models import Attachment, DossierEvent
from lienthong.dossiers.services import dossier_supplement_received

from .conftest import PDF, PNG
from .given import upload


def test_the_citizen_sends_a_file_per_item_and_the_desk_records_it(phone, officers, supplement_asked):
    dossier = supplement_asked
    mine = phone.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    assert f'href="/nop-ho-so/bo-sung/{dossier.code}/"' in mine

    page = phone.get(f"/nop-ho-so/bo-sung/{dossier.code}/").content.decode()
    assert 'name="item_0"' in page and "Bản sao giấy chứng nhận có chứng thực" in page
    assert 'name="item_1"' in page and 'name="item_2"' not in page

    sent = phone.post(f"/nop-ho-so/bo-sung/{dossier.code}/", {
        "item_0": [upload("mat-truoc.pdf", PDF), upload("mat-sau.png", PNG, "image/png")],
        "item_1": upload("so-do.pdf", PDF), "item_7": upload("khac.pdf", PDF), "note": "Gửi bổ sung đủ.",
    })  # fmt: skip

    assert sent.status_code == 302 and sent["Location"] == f"/tai-khoan/ho-so/{dossier.code}/"
    files = Attachment.objects.filter(dossier=dossier, kind=Attachment.Kind.SUPPLEMENT).order_by("id")
    assert [(f.original_name, f.description) for f in files] == [
        ("mat-truoc.pdf", "Bản sao giấy chứng nhận có chứng thực"),
        ("mat-sau.png", "Bản sao giấy chứng nhận có chứng thực"),
        ("so-do.pdf", "Sơ đồ thửa đất rõ nét"),
    ]  # the input of no item asked (item_7) is ignored
    event = DossierEvent.objects.filter(dossier=dossier).latest("seq")
    assert (event.kind, event.status_before, event.status_after, event.actor_label) == (
        EventKind.SUPPLEMENT_SUBMITTED, Status.SUPPLEMENT_REQUESTED, Status.SUPPLEMENT_REQUESTED, "Nguyễn Thị Hoa"
    )  # fmt: skip
    assert [f["name"] for f in event.payload["files"]] == ["mat-truoc.pdf", "mat-sau.png", "so-do.pdf"]
    assert event.payload["note"] == "Gửi bổ sung đủ."
    tracked = phone.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    assert "Người nộp đã gửi hồ sơ bổ sung trực tuyến." in tracked

    dossier_supplement_received(officer=officers["receiver@commune_centre"], dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    assert "không có yêu cầu bổ sung" in phone.get(f"/nop-ho-so/bo-sung/{dossier.code}/").content.decode()


def test_nothing_chosen_is_a_clear_error_and_writes_nothing(phone, supplement_asked):
    response = phone.post(f"/nop-ho-so/bo-sung/{supplement_asked.code}/", {"note": "quên chọn tệp"})
    assert response.status_code == 400 and "Chưa chọn tệp nào để gửi bổ sung." in response.content.decode()
    assert DossierEvent.objects.filter(dossier=supplement_asked).latest("seq").kind == EventKind.SUPPLEMENT_REQUESTED


def test_someone_elses_dossier_is_not_found_and_gets_nothing(stranger, supplement_asked):
    assert stranger.get(f"/nop-ho-so/bo-sung/{supplement_asked.code}/").status_code == 404
    response = stranger.post(f"/nop-ho-so/bo-sung/{supplement_asked.code}/", {"item_0": upload("x.pdf", PDF)})
    assert response.status_code == 404
    assert not Attachment.objects.filter(dossier=supplement_asked).exists()
