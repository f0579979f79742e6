"""Read back what a signature's visible stamp shows: the QR code (drawn by pyHanko as one square per dark module,
re-drawn here as an image and decoded with zxing-cpp) and its text (the /ActualText of its spans)."""

import io
import re

from PIL import Image, ImageDraw
from pypdf import PdfReader

MODULE = re.compile(rb"^(\d+) (\d+) 1 1 re$", re.MULTILINE)
PIXELS, BORDER = 8, 4


def _forms(obj, seen: set[int]):
    obj = obj.get_object()
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if hasattr(obj, "get_data"):
        yield obj
    if hasattr(obj, "keys"):
        for key in obj:
            if key not in ("/Parent", "/P"):
                yield from _forms(obj[key], seen)


def stamp_streams(pdf_bytes: bytes) -> list[bytes]:
    """The content streams of the signature widgets' appearances on the last page (and what they draw)."""
    page = PdfReader(io.BytesIO(pdf_bytes)).pages[-1]
    seen: set[int] = set()
    widgets = [a for a in page.get("/Annots", []) if a.get_object().get("/FT") == "/Sig"]
    return [form.get_data() for widget in widgets for form in _forms(widget, seen)]


def qr_texts(pdf_bytes: bytes) -> list[str]:
    import zxingcpp

    texts = []
    for data in stamp_streams(pdf_bytes):
        modules = [(int(x), int(y)) for x, y in MODULE.findall(data)]
        if len(modules) < 20:
            continue
        size = max(max(x, y) for x, y in modules) + 1 + 2 * BORDER
        image = Image.new("L", (size * PIXELS, size * PIXELS), 255)
        draw = ImageDraw.Draw(image)
        for x, y in modules:
            left, top = (x + BORDER) * PIXELS, (y + BORDER) * PIXELS
            draw.rectangle([left, top, left + PIXELS - 1, top + PIXELS - 1], fill=0)
        texts += [result.text for result in zxingcpp.read_barcodes(image)]
    return texts


def actual_texts(pdf_bytes: bytes) -> str:
    """The stamp's lines as a reader's text extraction sees them (pyHanko writes each line's /ActualText)."""
    found = []
    for data in stamp_streams(pdf_bytes):
        for raw in re.findall(rb"/ActualText \((.*?)\)\s*>>", data, re.DOTALL):
            unescaped = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8)]), raw)
            unescaped = re.sub(rb"\\(.)", rb"\1", unescaped)
            found.append(unescaped.decode("utf-16") if unescaped[:2] == b"\xfe\xff" else unescaped.decode("latin-1"))
    return "\n".join(found)
