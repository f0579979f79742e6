"""The QR code on the slips opens the dossier's public tracking page, its code filled in (issue 11, point 7): the symbol
embedded in the form is the one segno builds, and a barcode reader (zxing-cpp) reads back the absolute address under
LIENTHONG_PUBLIC_URL — with the code, never the applicant's phone or identity digits."""

import re

import pytest
import zxingcpp
from PIL import Image

from lienthong.dossiers.documents import document_html, dossier_qr, dossier_qr_svg
from lienthong.dossiers.documents.qr import QUIET_ZONE
from tests.dossiers.test_documents_given import Desk

pytestmark = pytest.mark.django_db
SVG = re.compile(r'<svg viewBox="0 0 (\d+) (\d+)" class="segno">.*?</svg>', re.S)


@pytest.fixture
def desk(province, officers, procedure, applicant, form_data, documents):
    return Desk(province, officers, procedure, applicant, form_data, documents)


def _matrix(svg: str) -> list[list[bool]]:
    """The modules an SVG of segno's draws: each `h` of its path is a run of dark modules along a row."""
    size = int(SVG.search(svg).group(1))
    (path,) = re.findall(r'<path class="qrline" stroke="#000" d="([^"]+)"', svg)
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHh])([-\d. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            for column in range(int(x), int(x + values[0])):
                grid[int(y)][column] = True
            x += values[0]
    return grid


def _read(grid: list[list[bool]], scale: int = 8) -> list[str]:
    image = Image.new("L", (len(grid) * scale, len(grid) * scale), 255)
    for row, line in enumerate(grid):
        for column, dark in enumerate(line):
            if dark:
                image.paste(0, (column * scale, row * scale, (column + 1) * scale, (row + 1) * scale))
    return [result.text for result in zxingcpp.read_barcodes(image)]


PUBLIC = "https://dichvucong.dongnai.gov.vn"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.LIENTHONG_PUBLIC_URL = PUBLIC + "/"  # a trailing slash is forgiven


def test_segno_builds_a_regular_qr_code_that_reads_back_as_the_tracking_address():
    code = "000.00.98.H19-260213-0001"
    qr = dossier_qr(code)
    assert not qr.is_micro and qr.error in {"M", "Q", "H"}
    grid = _matrix(dossier_qr_svg(code))
    assert grid == [[bool(module) for module in row] for row in qr.matrix_iter(border=QUIET_ZONE)]
    assert _read(grid) == [f"{PUBLIC}/tra-cuu/?code={code}"]


@pytest.mark.parametrize("kind", ["01", "03"])
def test_the_form_embeds_the_qr_code_of_its_dossiers_tracking_page(desk, kind, client):
    dossier = desk.receive() if kind == "01" else desk.refused()
    html = document_html(dossier=dossier, kind=kind)

    (embedded,) = [match.group(0) for match in SVG.finditer(html)]
    assert embedded == dossier_qr_svg(dossier.code)
    (address,) = _read(_matrix(embedded))
    assert address == f"{PUBLIC}/tra-cuu/?code={dossier.code}"  # the code alone: no digits of the applicant's
    # and the address opens the tracking page with the code filled in
    page = client.get(address.removeprefix(PUBLIC)).content.decode()
    assert f'value="{dossier.code}"' in page
