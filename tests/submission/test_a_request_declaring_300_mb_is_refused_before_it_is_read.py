"""Issue 11 §16: a citizen's draft page posted with a body declaring 300 MB is refused at its declared length,
before a byte is read: a 413 page in Vietnamese naming the limit, and no temporary file written."""

import re

import pytest

from lienthong.submission.models import DraftFile
from tests.files_stream import MB, endless_post

from .given import draft_started


@pytest.mark.parametrize("declared", [300 * MB, 20 * MB + 1], ids=["300-MB", "one-byte-past-20-MB"])
def test_the_body_is_refused_unread_and_nothing_is_spooled(phone, settings, tmp_path, procedure, declared):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    draft = draft_started(phone, procedure)
    document = procedure.documents.get(position=1)

    response, stream = endless_post(phone, f"/nop-ho-so/nhap/{draft.pk}/", f"file_{document.pk}", declared=declared)

    assert response.status_code == 413
    assert stream.read_bytes == 0
    assert list(tmp_path.iterdir()) == []
    page = response.content.decode().replace("&nbsp;", "\xa0")
    assert re.search(r"<h1[^>]*>Yêu cầu quá lớn</h1>", page) and "lớn hơn giới hạn 20,0\xa0MB của mỗi lần gửi" in page
    assert not DraftFile.objects.exists()
