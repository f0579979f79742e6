"""Download links the national portal fetches a dossier's files by (TaiLieuNop[].DuongDanTaiTepTin,
DanhSachGiayToKetQua[].DuongDanTepTinKetQua): signed, expiring, naming the file by ids only.

A link is `LIENTHONG_PUBLIC_URL` + `/lien-thong/dvcqg/tep/<token>/`; the token is the dossier's and the file's ids
signed with SECRET_KEY under a salt of its own (so no other signed value of the site opens a file) and a
timestamp, refused after `LIENTHONG_NATIONAL_FILE_LINK_SECONDS`. Every record the connector sends carries fresh
links, so the portal always holds ones that still work for that long.
"""

import ipaddress

from django.conf import settings
from django.core import signing
from django.urls import reverse

from lienthong.core.http import public_url
from lienthong.dossiers.models import Attachment

FILE_SALT = "lienthong.national.file"


def national_file_link(attachment: Attachment) -> str:
    """The absolute URL the portal downloads `attachment` from, valid for LIENTHONG_NATIONAL_FILE_LINK_SECONDS."""
    token = signing.dumps([attachment.dossier_id, attachment.pk], salt=FILE_SALT)
    return public_url(reverse("national:file", args=[token]))


def national_file_for_token(token: str) -> Attachment | None:
    """The file a valid, unexpired token names, if it still belongs to that dossier and has content; else None."""
    try:
        dossier_id, attachment_id = signing.loads(
            token, salt=FILE_SALT, max_age=settings.LIENTHONG_NATIONAL_FILE_LINK_SECONDS
        )
    except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    found = Attachment.objects.filter(pk=attachment_id, dossier_id=dossier_id).exclude(file="").first()
    return found


def national_file_client_allowed(address: str) -> bool:
    """Whether `address` may download: any, unless LIENTHONG_NATIONAL_FILE_CLIENTS lists the portal's addresses or
    networks (a link that leaks then opens nothing elsewhere)."""
    allowed = settings.LIENTHONG_NATIONAL_FILE_CLIENTS
    if not allowed:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in allowed)
