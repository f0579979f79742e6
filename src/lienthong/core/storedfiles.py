"""A stored file handed to someone the caller has already allowed to read it: a download under its original name,
never rendered inline, whether the file is on local disk or in an object store (storageconfig.py).

Streamed through this process by default. With LIENTHONG_S3_SIGNED_LINKS the answer is instead a redirect to a
signed link of the object store, valid LIENTHONG_S3_LINK_SECONDS, that names the download and its type: the bucket
stays private (an unsigned or expired URL is refused by the store) and the node spends no time on the bytes.
A file the store no longer holds is a 404 that says so in words, never a 500; a store that does not answer is a
503 page asking to try again.
"""

import functools
import logging

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from lienthong.core.limits import store_unavailable
from lienthong.storageconfig import s3_options

logger = logging.getLogger(__name__)


def _store_failure(failure: Exception) -> bool:
    """The object store unreachable or failing (botocore's errors), as opposed to a bug of ours."""
    return type(failure).__module__.startswith("botocore")


def stored_file_missing() -> Http404:
    return Http404(_("Tệp này không còn trong kho lưu trữ. Vui lòng báo cho cán bộ quản trị hệ thống."))


def stored_file_response(request: HttpRequest, file: FieldFile, *, filename: str, content_type: str) -> HttpResponse:
    """The file as an attachment; Http404 with the reason when the store no longer holds it."""
    content_type = content_type or "application/octet-stream"
    try:
        if settings.LIENTHONG_S3.enabled and settings.LIENTHONG_S3.signed_links:
            return HttpResponseRedirect(stored_file_link(file, filename=filename, content_type=content_type))
        handle = file.open("rb")
    except OSError as missing:  # FileNotFoundError on disk; django-storages raises it for an absent object too
        raise stored_file_missing() from missing
    except Exception as failure:
        if not _store_failure(failure):
            raise
        logger.warning("The file store did not answer: %s", failure)
        return store_unavailable(request)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_file_link(file: FieldFile, *, filename: str, content_type: str) -> str:
    """A signed, short-lived GET link to the object that makes the browser save it under `filename`."""
    if not file.storage.exists(file.name):
        raise stored_file_missing()
    parameters = {
        "ResponseContentDisposition": content_disposition_header(as_attachment=True, filename=filename),
        "ResponseContentType": content_type,
    }
    config = settings.LIENTHONG_S3
    return _link_signer(config).url(file.name, parameters=parameters, expire=config.link_seconds)


@functools.cache
def _link_signer(config):
    """The store as browsers reach it: a link is signed for the host it names, so it is signed with the public
    endpoint (signing needs no network)."""
    from storages.backends.s3 import S3Storage

    return S3Storage(**s3_options(config, endpoint_url=config.public_endpoint_url or config.endpoint_url))
