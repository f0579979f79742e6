"""The QR code printed on the slips (Circular 01/2018 art. 19: "a barcode or QR code may be used alongside"): the
address of the dossier's public tracking page, its code filled in, so a phone camera opens it at once."""

from urllib.parse import urlencode

import segno
from django.urls import reverse

from lienthong.core.http import public_url

QUIET_ZONE = 4  # modules of white around the symbol, as ISO/IEC 18004 asks, so phone cameras find it


def tracking_page_url() -> str:
    """The public tracking page, absolute (`LIENTHONG_PUBLIC_URL`): a slip leaves the site, so no relative link."""
    return public_url(reverse("portal:track"))


def dossier_tracking_url(code: str) -> str:
    """The tracking page with the dossier's code filled in. Never the applicant's phone or identity digits: they are
    what proves the one who asks, and a slip can be seen by others."""
    return f"{tracking_page_url()}?{urlencode({'code': code})}"


def dossier_qr(code: str) -> segno.QRCode:
    """A regular (never micro) QR code of the dossier's tracking address, error correction M or better."""
    return segno.make_qr(dossier_tracking_url(code), error="m", boost_error=True)


def dossier_qr_svg(code: str) -> str:
    """Inline SVG of the dossier's QR, sized by the form's CSS (no width or height of its own); no network, no file."""
    return dossier_qr(code).svg_inline(scale=1, border=QUIET_ZONE, omitsize=True, dark="#000", light="#fff")
