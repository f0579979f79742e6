"""Steps a citizen takes on the submission pages, as a browser would send them."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lienthong.catalogue.models import ProcedureVersion
from lienthong.submission.models import Draft

from .conftest import PDF, PNG


def answers(province, **changes) -> dict[str, str]:
    """A complete, correct application form for the land procedure."""
    typed = {
        "applicant_kind": "citizen", "applicant_name": "Nguyễn Thị Hoa", "applicant_id_number": "075190001234",
        "applicant_phone": "0912345678", "applicant_email": "hoa@example.vn", "applicant_address": "Trấn Biên",
        "agency": str(province["commune_centre"].pk), "result_delivery": "electronic",
        "form__ho_ten": "Nguyễn Thị Hoa", "form__ngay_sinh": "1990-05-17", "form__so_dinh_danh": "075190001234",
    }  # fmt: skip
    typed.update(changes)
    return {key: value for key, value in typed.items() if value is not None}


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def mandatory_files(version: ProcedureVersion) -> dict[str, SimpleUploadedFile]:
    docs = version.documents.filter(is_mandatory=True).order_by("position")
    return {f"file_{doc.pk}": upload(f"trang-{doc.position}.pdf" if doc.position == 1 else "so-do.png",
                                     PDF if doc.position == 1 else PNG,
                                     "application/pdf" if doc.position == 1 else "image/png")
            for doc in docs}  # fmt: skip


def draft_started(client, version: ProcedureVersion) -> Draft:
    response = client.post(f"/nop-ho-so/{version.procedure.national_code}/")
    assert response.status_code == 302, response.content.decode()[:500]
    return Draft.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))
