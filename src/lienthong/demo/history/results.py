"""The demo history's result files: one specimen PDF, stored once, that every historical result points to.

A result delivered electronically must be there to download (issue 11, item 1: an electronic result returned empty
is the defect the demo must not show); a province also scans many paper results (Decision 766 indicator 4.1 counts
e-results). Printing twenty thousand PDFs would cost minutes, so the history's results share one file, which says
what it is — a specimen of the demo province — and is kept under the name a real result would have.
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


@dataclass(frozen=True)
class Specimen:
    name: str
    size: int
    sha256: str


def result_specimen() -> Specimen:
    """The specimen, stored if it is not yet (idempotent: a second build reuses it)."""
    if default_storage.exists(SPECIMEN_NAME):
        with default_storage.open(SPECIMEN_NAME, "rb") as stored:
            content = stored.read()
    else:
        content = html_to_pdf(SPECIMEN_HTML)
        default_storage.save(SPECIMEN_NAME, ContentFile(content))
    return Specimen(name=SPECIMEN_NAME, size=len(content), sha256=hashlib.sha256(content).hexdigest())
