"""A client that declares a huge multipart body and keeps sending: counts what the server reads of it."""

BOUNDARY = "lienthong-limits"
MB = 1024 * 1024


class EndlessUpload:
    """`wsgi.input` for one file field: the part's header, then zeros for ever. Reading past `give_up_after` bytes
    fails the test at once — the server was reading what it should have refused (300 MB would take minutes)."""

    def __init__(self, field: str, *, give_up_after: int = 25 * MB) -> None:
        self.head = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; filename="ban-quet.pdf"\r\n'
                     "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n").encode()  # fmt: skip
        self.read_bytes, self.give_up_after = 0, give_up_after

    def read(self, size: int = -1) -> bytes:
        size = 64 * 1024 if size is None or size < 0 else size
        if self.read_bytes + size > self.give_up_after:
            raise AssertionError(f"the server read {self.read_bytes + size} bytes of a body it should have refused")
        start, self.read_bytes = self.read_bytes, self.read_bytes + size
        head = self.head[start : start + size]
        return head + b"\0" * (size - len(head))

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def endless_post(client, path: str, field: str, *, declared: int, **extra):
    stream = EndlessUpload(field)
    response = client.generic("POST", path, b"", content_type=f"multipart/form-data; boundary={BOUNDARY}",
                              **{"wsgi.input": stream, "CONTENT_LENGTH": str(declared), **extra})  # fmt: skip
    return response, stream
