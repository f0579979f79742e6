"""The dossier code as a QR code (Circular 01/2018 art. 19: "a barcode or QR code may be used alongside")."""

import segno

QUIET_ZONE = 4  # modules of white around the symbol, as ISO/IEC 18004 asks, so phone cameras find it


def dossier_qr(code: str) -> segno.QRCode:
    """A regular (never micro) QR code of the dossier code, error correction M or better."""
    return segno.make_qr(code, error="m", boost_error=True)


def dossier_qr_svg(code: str) -> str:
    """Inline SVG of the code's QR, sized by the form's CSS (no width or height of its own); no network, no file."""
    return dossier_qr(code).svg_inline(scale=1, border=QUIET_ZONE, omitsize=True, dark="#000", light="#fff")
