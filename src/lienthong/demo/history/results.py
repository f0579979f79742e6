"""The demo history's files: one specimen PDF, stored once, that every historical result points to, and one that
every document an applicant uploaded with an online submission points to (`scan_specimen`).

A result delivered electronically must be there to download (issue 11, item 1: an electronic result returned empty
is the defect the demo must not show); a province also scans many paper results (Decision 766 indicator 4.1 counts
e-results). Printing twenty thousand PDFs would cost minutes, so the history's results share one file, which says
what it is — a specimen of the demo province — and is kept under the name a real result would have. The same holds
for the scans of an online submission: a few thousand files in one stored PDF, each row under the name a citizen's
upload of that document would have.
"""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lienthong.core.pdf import html_to_pdf

SPECIMEN_NAME = "demo/ket-qua-mau.pdf"
SPECIMEN_HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 2cm } body { font-family: "DejaVu Serif", serif; font-size: 13pt }
h1 { text-align: center; font-size: 15pt } p.mark { text-align: center; color: #8a1c1c }
</style></head><body>
<p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập – Tự do – Hạnh phúc</p>
<h1>KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH</h1>
<p class="mark">Bản mẫu của tỉnh mẫu trong hệ thống Liên Thông — không có giá trị pháp lý.</p>
<p>Tệp này đứng thay cho giấy tờ kết quả của các hồ sơ lịch sử trong dữ liệu mẫu, để người nộp tra cứu và tải được
kết quả bản điện tử như với hồ sơ thật.</p>
</body></html>"""
SCAN_NAME = "demo/giay-to-mau.pdf"
SCAN_HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 2cm } body { font-family: "DejaVu Serif", serif; font-size: 13pt }
h1 { text-align: center; font-size: 15pt } p.mark { text-align: center; color: #8a1c1c }
</style></head><body>
<h1>BẢN CHỤP GIẤY TỜ CỦA NGƯỜI NỘP HỒ SƠ</h1>
<p class="mark">Bản mẫu của tỉnh mẫu trong hệ thống Liên Thông — không có giá trị pháp lý.</p>
<p>Tệp này đứng thay cho bản chụp các thành phần hồ sơ mà người nộp tải lên khi nộp trực tuyến các hồ sơ lịch sử
trong dữ liệu mẫu, để cán bộ một cửa mở được tệp như với hồ sơ thật.</p>
</body></html>"""


@dataclass(frozen=True)
class Specimen:
    name: str
    size: int
    sha256: str


def result_specimen() -> Specimen:
    """The result specimen, stored if it is not yet (idempotent: a second build reuses it)."""
    return _stored(SPECIMEN_NAME, SPECIMEN_HTML)


def scan_specimen() -> Specimen:
    """The specimen of an applicant's uploaded document, stored if it is not yet."""
    return _stored(SCAN_NAME, SCAN_HTML)


def _stored(name: str, html: str) -> Specimen:
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            content = stored.read()
    else:
        content = html_to_pdf(html)
        default_storage.save(name, ContentFile(content))
    return Specimen(name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest())
