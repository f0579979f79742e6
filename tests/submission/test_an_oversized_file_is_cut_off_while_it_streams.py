"""Issue 11 §16: a file past LIENTHONG_UPLOAD_MAX_BYTES was spooled to a temporary file in full before the size was
looked at (a 300 MB temporary file from any signed-up citizen). Now the handlers that keep uploads are fed only up
to the limit; the rest of that file is read off the connection and dropped, and the page still names the file and
its size, keeping what was typed."""

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler

from lienthong.submission.models import DraftFile
from tests.files import PDF

from .given import answers, draft_started, upload

LIMIT = 64 * 1024


@pytest.fixture
def spooled(monkeypatch) -> list[int]:
    """Bytes handed to the temporary-file handler, file by file (what reaches the disk)."""
    sizes: list[int] = []
    original_new, original_chunk = TemporaryFileUploadHandler.new_file, TemporaryFileUploadHandler.receive_data_chunk

    def new_file(self, *args, **kwargs):
        sizes.append(0)
        return original_new(self, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        sizes[-1] += len(raw_data)
        return original_chunk(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", new_file)
    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", receive_data_chunk)
    return sizes


def test_a_file_sixteen_times_the_limit_reaches_the_disk_only_up_to_the_limit(
    phone, settings, tmp_path, spooled, province, officers, procedure
):
    # given every upload goes through a temporary file in a folder of its own, and a limit of 64 KiB per file
    settings.LIENTHONG_UPLOAD_MAX_BYTES = LIMIT
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    draft = draft_started(phone, procedure)
    document = procedure.documents.get(position=1)
    big = PDF + b"\n%" + b"0" * (16 * LIMIT)

    # when the citizen sends a file of 1 MiB
    response = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**answers(province), "action": "save",
                                                          f"file_{document.pk}": upload("so-do.pdf", big)})  # fmt: skip

    # then at most the limit went to disk, nothing is left there, and the page says why
    assert spooled and max(spooled) <= LIMIT
    assert list(tmp_path.iterdir()) == []
    assert response.status_code == 400
    assert "Tệp “so-do.pdf” lớn hơn giới hạn 64,0\xa0KB." in response.content.decode().replace("&nbsp;", "\xa0")
    assert not DraftFile.objects.exists()
    draft.refresh_from_db()
    assert draft.answers["form__ngay_sinh"] == "1990-05-17"  # what was typed is kept


def test_a_file_within_the_limit_is_kept_whole(phone, settings, tmp_path, spooled, province, officers, procedure):
    settings.LIENTHONG_UPLOAD_MAX_BYTES = LIMIT
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    draft = draft_started(phone, procedure)
    document = procedure.documents.get(position=1)

    response = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**answers(province), "action": "save",
                                                          f"file_{document.pk}": upload("don.pdf", PDF)})  # fmt: skip

    assert response.status_code == 302
    assert spooled == [len(PDF)]
    assert DraftFile.objects.get().size == len(PDF)
