"""Sealing a PDF with the agency's seal (its organisation certificate, Decree 30/2020 art. 5): the one place the desk's
sealed papers — the slips it issues, the copies it digitises (and their certifier's own signature before the seal) —
are signed, with the key's failures mapped once."""

from collections.abc import Callable

from lienthong.signing import pdf
from lienthong.signing.models import SignerCertificate
from lienthong.signing.services import SigningError, _unavailable, ltv_configured, signer_of
from lienthong.signing.signers import SignerUnavailableError, SigningRefusedError


def seal_pdf(*, seal: SignerCertificate, content: bytes, profile: str, stamp: pdf.StampInfo, purpose: str,
             unreadable: Callable[[pdf.SigningFailedError], SigningError], slot: int = 0) -> bytes:  # fmt: skip
    """`content` signed by `seal` under `profile` with `stamp` (B-LT when configured; `slot` 1 stamps under an earlier
    signature). SigningError when the key cannot be used (SIGNER_UNAVAILABLE), or `unreadable(error)` when the file
    cannot be signed as it is; a remote signer's refusal (SigningRefusedError) is the caller's to word."""
    try:
        return pdf.sign(content, profile=profile, signer=signer_of(seal, purpose=purpose), stamp=stamp,
                        ltv=ltv_configured(), slot=slot)  # fmt: skip
    except SigningRefusedError:
        raise
    except SignerUnavailableError as error:
        raise _unavailable(error) from error
    except pdf.SigningFailedError as error:
        raise unreadable(error) from error
