"""Uploads bounded while they stream in (issue 11 §16).

Django hands each chunk of an uploaded file to its upload handlers in turn: the memory one for small requests, else
the temporary-file one, which spools the whole file to disk before any view can look at its size — a 300 MB file
from any signed-up citizen became a 300 MB temporary file. `BoundedUploadHandler` goes first: it passes a file's
chunks on while the file is within `LIENTHONG_UPLOAD_MAX_BYTES`, and at the first byte past it closes what the
handlers after it hold (a temporary file is deleted on close) and keeps the rest of that file from them. The rest is
still read off the connection, to reach the fields after it, but stored nowhere; only its bytes are counted.

The file then reaches the view as an `OversizedUpload`: its name and its real size, no content. The view's own check
(`dossiers.services.files.file_check`) refuses it by size with the message that names it, as it did when the whole
file was kept, and the form keeps what was typed. The declared length of the whole request was checked before any
of this (`core.limits.RequestLimitsMiddleware`).
"""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

# The administrators' uploads (catalogue workbooks, form templates) are not dossier files: they keep the request's
# bound only, and no stand-in reaches a form that would store it as an empty file.
UNBOUNDED_PREFIXES = ("/admin/",)


class OversizedUpload(UploadedFile):
    """A file refused while it streamed in: its name, content type and real size, and no content."""

    truncated = True

    def __init__(self, *, name: str, size: int, content_type: str | None, charset: str | None = None) -> None:
        super().__init__(BytesIO(), name=name, content_type=content_type, size=size, charset=charset)


class BoundedUploadHandler(FileUploadHandler):
    """First of the upload handlers: each file's bytes counted, the handlers after it fed only up to the limit."""

    def __init__(self, request=None, *, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = settings.LIENTHONG_UPLOAD_MAX_BYTES if limit is None else limit
        self.size = 0
        self.oversized = False

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.size, self.oversized = 0, False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.size += len(raw_data)
        if self.oversized:
            return None
        if self.size > self.limit:
            self.oversized = True
            self._discard_downstream()
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.oversized:
            return None  # the next handler (memory or temporary file) answers with the file it kept
        return OversizedUpload(name=self.file_name, size=self.size, content_type=self.content_type,
                               charset=self.charset)  # fmt: skip

    def _discard_downstream(self) -> None:
        """Close the file each later handler began: a temporary upload file is deleted as it closes."""
        for handler in self.request.upload_handlers if self.request is not None else []:
            if handler is not self and getattr(handler, "file", None) is not None:
                handler.file.close()
