"""The trust store: the roots the administrator lists (TrustAnchor) and the PEM files of
LIENTHONG_SIGNING_TRUST_ROOTS. Never the operating system's store (pyHanko's fallback to it is deprecated, and a
signature must be judged against the roots the province pinned)."""

import logging
from pathlib import Path

from cryptography import x509
from django.conf import settings

from lienthong.signing.models import TrustAnchor

logger = logging.getLogger(__name__)


def _pem_certificates(pem: bytes, *, origin: str) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(pem)
    except ValueError:
        logger.warning("signing trust store: %s holds no readable PEM certificate", origin)
        return []


def trust_roots() -> list[x509.Certificate]:
    """Every root trusted now; a broken entry is skipped with a warning rather than trusting nothing at all."""
    roots = []
    for anchor in TrustAnchor.objects.filter(is_active=True).order_by("id"):
        roots += _pem_certificates(anchor.pem.encode(), origin=f"trust anchor {anchor.pk}")
    for path in settings.LIENTHONG_SIGNING_TRUST_ROOTS:
        try:
            roots += _pem_certificates(Path(path).read_bytes(), origin=path)
        except OSError:
            logger.warning("signing trust store: cannot read %s", path)
    return roots
