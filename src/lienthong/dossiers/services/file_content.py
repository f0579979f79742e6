"""What a dossier file must be beyond its first bytes (issue 11 §16): it opens, carries nothing active, is no bomb.

The type is sniffed from the first bytes (`files.file_check`); a file that starts like a PDF but is a script
carrier, an encrypted container or a decompression bomb would pass that alone. So what is accepted is parsed:

- **PDF** (pypdf): it must open and list its pages; an encrypted one is refused, since the desk, the national portal
  and the archive must read it without a password. Every object reachable from the document (catalogue, pages,
  annotations, forms, names) is walked without decoding page content; JavaScript, an action that launches a
  program, submits or imports form data or opens another file, embedded files, rich media and XFA forms refuse it.
  Refused, not stripped: stripping rewrites the file, which breaks a digital signature (an electronic result is a
  signed PDF) and the SHA-256 the sender holds; a scanner or "print to PDF" never produces such content, so the
  sender can make a clean file and send it again. pypdf bounds what it decompresses itself (`pypdf.filters`).
- **JPEG, PNG, TIFF** (Pillow): the size in pixels declared by the header is checked against the budget
  (`LIENTHONG_UPLOAD_MAX_PIXELS`) before a pixel is decoded — a decompression bomb is a small file declaring an
  enormous image — then every frame is decoded (a JPEG at 1/8 scale: the whole compressed stream is still read and
  checked, in 1/64 of the memory).
- **Zip-based formats** (docx, xlsx) are not accepted for dossier files; the catalogue workbook is checked by
  `core.archives.zip_refusal`.

Each check answers the reason in Vietnamese, or None for a file that may be kept.
"""

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageFile
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

# Names that make a PDF do something when opened or clicked, rather than show something.
ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"})
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE",
                            "/RichMediaExecute"})  # fmt: skip
PDF_MAX_OBJECTS = 200_000  # a 300-page scanned book has about 1,000; past this the walk itself is the attack
IMAGE_MAX_FRAMES = 500  # pages of a multi-page TIFF


class FileRefusedError(Exception):
    """Why a file may not be kept, with the code DossierError carries."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def content_check(*, mime: str, stream: IO[bytes]) -> None:
    """FileRefusedError(code, reason) unless the file of this sniffed type opens cleanly; the stream is rewound."""
    stream.seek(0)
    try:
        if mime == "application/pdf":
            _pdf_check(stream)
        else:
            _image_check(stream)
    finally:
        stream.seek(0)


# -- PDF ----------------------------------------------------------------------------------------------------------


def _pdf_check(stream: IO[bytes]) -> None:
    try:
        reader = PdfReader(stream, strict=False)
        encrypted = reader.is_encrypted
        if not encrypted:
            pages = len(reader.pages)
            active = _active_content(reader)
    except FileRefusedError:
        raise
    except Exception as exc:  # noqa: BLE001 — a parser of untrusted bytes fails in many ways; each means "unreadable"
        unreadable = _("không mở được: tệp PDF bị hỏng hoặc không đúng định dạng.")
        raise FileRefusedError("file_damaged", unreadable) from exc
    if encrypted:
        raise FileRefusedError("file_encrypted", _("được đặt mật khẩu hoặc mã hóa; hãy gửi bản PDF không mật khẩu."))
    if pages == 0:
        raise FileRefusedError("file_damaged", _("không có trang nào."))
    if active:
        raise FileRefusedError(
            "file_active_content",
            _("chứa nội dung chủ động (%(what)s); hãy in lại thành PDF (“In ra PDF”) rồi gửi lại.") % {"what": active},
        )


def _active_content(reader: PdfReader) -> str | None:
    """The first active thing reachable from the trailer, named for the sender; None if there is none."""
    for value in _objects(reader.trailer):
        if not isinstance(value, DictionaryObject):
            continue
        if found := ACTIVE_KEYS.intersection(value.keys()):
            return _active_name(min(found))
        if value.get("/S") in ACTIVE_ACTIONS:
            return _active_name(str(value["/S"]))
    return None


def _active_name(key: str) -> str:
    names = {
        "/JS": _("JavaScript"), "/JavaScript": _("JavaScript"), "/Launch": _("lệnh chạy chương trình"),
        "/SubmitForm": _("lệnh gửi dữ liệu biểu mẫu"), "/ImportData": _("lệnh nhập dữ liệu"),
        "/GoToR": _("liên kết mở tệp khác"), "/GoToE": _("liên kết mở tệp đính kèm"),
        "/EmbeddedFile": _("tệp đính kèm"), "/EmbeddedFiles": _("tệp đính kèm"), "/RichMedia": _("đa phương tiện"),
        "/RichMediaExecute": _("đa phương tiện"), "/XFA": _("biểu mẫu XFA"),
    }  # fmt: skip
    return names.get(key, key)


def _objects(root: PdfObject) -> Iterator[PdfObject]:
    """Every object reachable from `root`, each indirect object once; stream data is not decoded."""
    seen: set[tuple[int, int]] = set()
    stack: list[PdfObject] = [root]
    while stack:
        value = stack.pop()
        if isinstance(value, IndirectObject):
            if (value.idnum, value.generation) in seen:
                continue
            seen.add((value.idnum, value.generation))
            if len(seen) > PDF_MAX_OBJECTS:
                too_many = _("có quá nhiều đối tượng (trên %(max)d).") % {"max": PDF_MAX_OBJECTS}
                raise FileRefusedError("file_too_complex", too_many)
            value = value.get_object()
        if isinstance(value, DictionaryObject):
            yield value
            stack.extend(item for key, item in value.items() if key != NameObject("/Parent"))
        elif isinstance(value, ArrayObject):
            stack.extend(value)


# -- images -------------------------------------------------------------------------------------------------------


def _image_check(stream: IO[bytes]) -> None:
    budget = settings.LIENTHONG_UPLOAD_MAX_PIXELS
    with warnings.catch_warnings(), _truncated_images_refused():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our budget decides, below
        try:
            with Image.open(stream) as image:
                frames = getattr(image, "n_frames", 1)
                if frames > IMAGE_MAX_FRAMES:
                    too_many = _("có quá nhiều trang (trên %(max)d).") % {"max": IMAGE_MAX_FRAMES}
                    raise FileRefusedError("file_too_complex", too_many)
                for frame in range(frames):
                    image.seek(frame)
                    _frame_check(image, budget)
        except FileRefusedError:
            raise
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels(budget) from exc
        except Exception as exc:  # noqa: BLE001 — as for PDF: any failure to decode means the image is unreadable
            unreadable = _("không đọc được: tệp ảnh bị hỏng hoặc không đúng định dạng.")
            raise FileRefusedError("file_damaged", unreadable) from exc


@contextmanager
def _truncated_images_refused() -> Iterator[None]:
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when imported, so a truncated upload
    would decode as if whole; here it must fail. The flag is Pillow's only switch: it is put back at once (a web or
    worker process runs one request or task at a time)."""
    before, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _frame_check(image: Image.Image, budget: int) -> None:
    width, height = image.size
    if width * height > budget:
        raise _too_many_pixels(budget)
    if image.format == "JPEG":
        image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
    image.load()


def _too_many_pixels(budget: int) -> FileRefusedError:
    return FileRefusedError(
        "file_too_many_pixels",
        _("là ảnh quá lớn (trên %(megapixels)s triệu điểm ảnh); hãy quét hoặc chụp ở độ phân giải thấp hơn.")
        % {"megapixels": f"{budget / 1_000_000:g}"},
    )
