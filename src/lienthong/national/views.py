"""The one page of the connector: a dossier's file, downloaded by the national portal through a signed link."""

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotFound
from django.views.decorators.http import require_GET

from lienthong.core.http import private_response
from lienthong.national.files import national_file_client_allowed, national_file_for_token


@require_GET
def national_file(request: HttpRequest, token: str) -> HttpResponse:
    """The file a valid link names; anything else — a forged, altered or expired link, a file gone, a caller outside
    the portal's addresses when they are set — is a bare 404 that tells nothing of which it was (not the site's
    404 page, whose links carry the path asked for: the portal is a machine, and one answer fits every refusal)."""
    attachment = national_file_for_token(token)
    if attachment is None or not national_file_client_allowed(request.META.get("REMOTE_ADDR", "")):
        return _refused()
    try:
        handle = attachment.file.open("rb")
    except OSError:  # the row names a file the storage no longer holds: gone, like any other missing file
        return _refused()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    return private_response(response)


def _refused() -> HttpResponse:
    return HttpResponseNotFound(b"Not Found", content_type="text/plain; charset=utf-8")
