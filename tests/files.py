"""Files for upload tests: the smallest real ones (they open, as every accepted file must: dossiers/services/
file_content.py), and hostile ones built the way an attacker would — a PDF that runs JavaScript or launches a program,
one with a file inside, one behind a password, a PNG declaring ten billion pixels in a few hundred bytes."""

import io
import random
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

# One blank A4 page, as pypdf writes it: 431 bytes that every PDF reader opens.
PDF = (
    b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Producer (pypdf)\n>>\nendobj\n2 0 obj\n<<\n/Type /Pages\n/Count 1\n"
    b"/Kids [ 4 0 R ]\n>>\nendobj\n3 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n4 0 obj\n<<\n/Type /Page\n"
    b"/Resources <<\n>>\n/MediaBox [ 0.0 0.0 595 842 ]\n/Parent 2 0 R\n>>\nendobj\nxref\n0 5\n0000000000 65535 f \n"
    b"0000000015 00000 n \n0000000054 00000 n \n0000000113 00000 n \n0000000162 00000 n \ntrailer\n<<\n/Size 5\n"
    b"/Root 3 0 R\n/Info 1 0 R\n>>\nstartxref\n256\n%%EOF\n"
)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _blank() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def pdf_with_javascript() -> bytes:
    """A document-level script in the catalogue's name tree, run by the viewer as the file opens."""
    writer = _blank()
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('Xin chào');")})  # fmt: skip
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("chao"), writer._add_object(script)])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
    return _written(writer)


def pdf_launching_a_program() -> bytes:
    """The action is hidden in the page's own "on open" actions (/AA), not in the catalogue."""
    writer = _blank()
    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                               NameObject("/F"): TextStringObject("cmd.exe")})  # fmt: skip
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(launch)})
    return _written(writer)


def pdf_with_a_file_inside() -> bytes:
    writer = _blank()
    writer.add_attachment("hoa-don.exe", b"MZ" + b"\x00" * 64)
    return _written(writer)


def pdf_with_a_password() -> bytes:
    writer = _blank()
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="AES-128")
    return _written(writer)


def pdf_opening_at_fit_width() -> bytes:
    """A harmless OpenAction (go to page 1, fit width) as word processors write: not active content."""
    writer = _blank()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(
        DictionaryObject({NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): writer.pages[0].indirect_reference})
    )
    return _written(writer)


def image(kind: str, size: tuple[int, int] = (40, 30)) -> bytes:
    """A photo-like image (noise: it does not compress away, so cutting the file cuts pixels)."""
    out = io.BytesIO()
    Image.frombytes("RGB", size, random.Random(7).randbytes(size[0] * size[1] * 3)).save(out, format=kind)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_declaring(width: int, height: int) -> bytes:
    """A valid PNG header for `width` × `height` RGB pixels with one compressed row of data: a decompression bomb's
    shape (decoding it would allocate width × height × 3 bytes)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = zlib.compress(b"\x00" + b"\x00" * 3 * min(width, 1000))
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", row) + _chunk(b"IEND", b"")
