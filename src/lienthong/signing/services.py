"""Signing in the workflow: the leader's approval signs the result (Decree 30/2020 art. 5: an electronic document
signed by the competent person has the value of the paper original), and the record of what was signed.

Dossiers knows nothing of this app: the back office and the API call `dossier_approve_and_sign`, which signs, asks
dossiers to complete the approval step (naming what it signed in the APPROVED event) and stores the signed files
through dossiers' own `attachment_result_signed`.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.core.ratelimit import rate_parse, window_hit
from lienthong.dossiers.constants import ResultDelivery
from lienthong.dossiers.models import Attachment, Dossier, StepInstance
from lienthong.dossiers.services import DossierError, dossier_complete_step
from lienthong.dossiers.services.files import attachment_result_signed, dossier_results
from lienthong.signing import pdf
from lienthong.signing.constants import Backend, Profile, Status
from lienthong.signing.models import SignedDocument, SignerCertificate, public_id_new
from lienthong.signing.signers import (
    CscSigner,
    Pkcs11Signer,
    Pkcs12Signer,
    SignerUnavailableError,
    SigningRefusedError,
)
from lienthong.signing.trust import trust_roots
from lienthong.signing.verify import certificate_revoked, pdf_verify

PDF = "application/pdf"
# The agency's signature after the leader's: top right, text only, no image (Decree 30/2020 App. I, placed as an
# attachment's), with a profile of its own so the public page calls it the agency's seal.
SEAL_PROFILE = Profile.AGENCY_SEAL


class SigningError(DossierError):
    """A domain error of signing: the back office shows its message, the API a problem with its code."""

    NO_CERTIFICATE = "no_signing_certificate"
    SIGNER_UNAVAILABLE = "signer_unavailable"
    SIGNING_REFUSED = "signing_refused"
    RESULT_NOT_PDF = "result_not_pdf"
    LTV_UNAVAILABLE = "ltv_unavailable"
    CERTIFICATE_REVOKED = "certificate_revoked"
    NO_RESULT_TO_SIGN = "no_result_to_sign"
    TOO_MANY_CHECKS = "too_many_checks"


def guard_check_rate(*, client: str) -> None:
    """Per client address: checking a PDF parses it and validates its signatures; a person checks a few files."""
    rate = rate_parse(settings.LIENTHONG_SIGNING_VERIFY_RATE)
    if rate is None:
        return
    verdict = window_hit(f"signing:check:{client}", rate)
    if not verdict.allowed:
        raise SigningError(
            SigningError.TOO_MANY_CHECKS,
            _("Bạn đã kiểm tra quá nhiều tệp. Vui lòng thử lại sau %(seconds)s giây.")
            % {"seconds": verdict.retry_after},
            retry_after=verdict.retry_after,
        )


def _unavailable(error: Exception) -> SigningError:
    return SigningError(
        SigningError.SIGNER_UNAVAILABLE,
        _("Không mở được khóa ký số (tệp, mật khẩu, USB token hoặc mã PIN): %(why)s") % {"why": error},
    )


def _refused(error: SigningRefusedError) -> SigningError:
    if error.answer == "expired_token":
        message = _(
            "Không nhận được xác nhận ký số trên điện thoại trong %(seconds)s giây: hồ sơ chưa được phê duyệt. Mở ứng "
            "dụng ký số từ xa trên điện thoại rồi nhấn “Phê duyệt” lại để gửi yêu cầu mới."
        ) % {"seconds": settings.LIENTHONG_SIGNING_CSC_APPROVAL_SECONDS}
    else:
        message = _(
            "Yêu cầu ký số đã bị từ chối trên ứng dụng ký số từ xa (điện thoại): hồ sơ chưa được phê duyệt, kết quả "
            "chưa được ký. Nếu đồng chí đồng ý với kết quả, nhấn “Phê duyệt” lại và xác nhận trên điện thoại."
        )
    return SigningError(SigningError.SIGNING_REFUSED, message)


def signer_of(certificate: SignerCertificate, *, purpose: str = ""):
    """The backend (signers.py) a registered certificate signs with; `purpose` is what a remote service shows the
    officer on the phone."""
    if certificate.backend == Backend.CSC:
        return CscSigner(service_url=settings.LIENTHONG_SIGNING_CSC_URL, credential_id=certificate.csc_credential_id,
                         token=settings.LIENTHONG_SIGNING_CSC_TOKEN, pin=certificate.secret,
                         timeout=settings.LIENTHONG_SIGNING_TIMEOUT,
                         approval_timeout=settings.LIENTHONG_SIGNING_CSC_APPROVAL_SECONDS,
                         description=purpose or "Liên Thông")  # fmt: skip
    if certificate.backend == Backend.PKCS11:
        return Pkcs11Signer(module=certificate.pkcs11_module, token_label=certificate.token_label,
                            key_label=certificate.key_label, pin=certificate.secret)  # fmt: skip
    return Pkcs12Signer(path=certificate.pkcs12_path, passphrase=certificate.secret)


def ltv_configured() -> pdf.Ltv | None:
    """B-LT when a timestamp authority is set and revocation may be fetched (docs/configuration.md); else B-B."""
    if not (settings.LIENTHONG_SIGNING_TSA_URL and settings.LIENTHONG_SIGNING_REVOCATION_FETCH):
        return None
    return pdf.Ltv(tsa_url=settings.LIENTHONG_SIGNING_TSA_URL, trust_roots=tuple(trust_roots()),
                   timeout=settings.LIENTHONG_SIGNING_TIMEOUT)  # fmt: skip


def _common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


@transaction.atomic
def certificate_register(
    *, user=None, agency, backend: str = Backend.PKCS12, secret: str = "", pkcs12_path: str = "",
    pkcs11_module: str = "", token_label: str = "", key_label: str = "", csc_credential_id: str = "",
) -> SignerCertificate:  # fmt: skip
    """Record where an officer's key is; its certificate is read now, so a wrong passphrase or PIN, or a missing
    file or token, a credential the remote service does not know, is found at registration and not at the first
    approval — and, with revocation fetching on, a certificate its CA revoked. Replaces the officer's earlier one.
    With no `user`, the agency's seal (its organisation certificate),
    which follows the leader's signature on every result it signs."""
    certificate = SignerCertificate(
        user=user, agency=agency, backend=backend, secret=secret, pkcs12_path=pkcs12_path,
        pkcs11_module=pkcs11_module, token_label=token_label, key_label=key_label,
        csc_credential_id=csc_credential_id,
    )  # fmt: skip
    signer = signer_of(certificate)
    try:
        x509_certificate = signer.certificate()
        revoked = settings.LIENTHONG_SIGNING_REVOCATION_FETCH and certificate_revoked(
            x509_certificate, chain=signer.chain(), trust_roots=trust_roots())  # fmt: skip
    except SignerUnavailableError as error:
        raise _unavailable(error) from error
    if revoked:
        raise SigningError(
            SigningError.CERTIFICATE_REVOKED,
            _(
                "Chứng thư số đã bị thu hồi: chứng thư của %(subject)s (số hiệu %(serial)s) không dùng để ký được. Đề "
                "nghị liên hệ tổ chức cung cấp dịch vụ chứng thực số để được cấp chứng thư mới."
            )
            % {"subject": _common_name(x509_certificate), "serial": format(x509_certificate.serial_number, "X")},
        )
    certificate.serial = format(x509_certificate.serial_number, "X")
    certificate.subject = _common_name(x509_certificate)[:500]
    certificate.not_after = x509_certificate.not_valid_after_utc
    SignerCertificate.objects.filter(user=user, agency=agency, is_active=True).update(is_active=False)
    certificate.save()
    return certificate


def seal_for(*, agency, at: dt.datetime | None = None) -> SignerCertificate | None:
    """The agency's seal (its organisation certificate, registered with no officer), if one is valid."""
    at = at or timezone.now()
    return (
        SignerCertificate.objects.filter(user=None, agency=agency, is_active=True, not_after__gt=at)
        .order_by("-created_at", "-id").first()
    )  # fmt: skip


def certificate_for(*, officer, agency, at: dt.datetime | None = None) -> SignerCertificate | None:
    """The officer's certificate for signing in `agency`, if one is registered and not expired."""
    at = at or timezone.now()
    return (
        SignerCertificate.objects.filter(user=officer, agency=agency, is_active=True, not_after__gt=at)
        .order_by("-created_at", "-id").first()
    )  # fmt: skip


def verification_url(*, code: str, public_id: str) -> str:
    """The public page a signed result's QR code leads to (no account needed)."""
    base = settings.LIENTHONG_PUBLIC_URL.rstrip("/")
    return f"{base}/v/{code}/{public_id}/"


def _to_sign(dossier: Dossier) -> list[Attachment]:
    results = dossier_results(dossier=dossier)
    unsigned = [a for a in results if not a.signed_at]
    if dossier.result_delivery == ResultDelivery.ELECTRONIC and not any(a.content_type == PDF for a in results):
        raise SigningError(
            SigningError.NO_RESULT_TO_SIGN,
            _(
                "Người nộp đăng ký nhận kết quả bản điện tử: cần đính kèm tệp kết quả giải quyết dạng PDF (“Đính kèm "
                "tệp”, loại “Kết quả giải quyết”) để lãnh đạo ký số khi phê duyệt."
            ),
        )
    return [a for a in unsigned if a.content_type == PDF]


def _certificate(officer, agency) -> SignerCertificate:
    certificate = certificate_for(officer=officer, agency=agency)
    if certificate is None:
        raise SigningError(
            SigningError.NO_CERTIFICATE,
            _(
                "Không ký số được kết quả: tài khoản của đồng chí chưa có chứng thư ký số còn hạn tại %(agency)s. Đề "
                "nghị cán bộ công nghệ thông tin của đơn vị đăng ký chứng thư (USB token hoặc tệp PKCS#12) rồi phê "
                "duyệt lại."
            )
            % {"agency": agency.name},
        )
    return certificate


def _signed(content: bytes, *, attachment: Attachment, certificate: SignerCertificate, profile: str,
            stamp: pdf.StampInfo) -> bytes:  # fmt: skip
    purpose = _("Phê duyệt và ký kết quả hồ sơ %(code)s (%(name)s)") % {"code": attachment.dossier.code,
                                                                         "name": attachment.original_name}  # fmt: skip
    try:
        return pdf.sign(content, profile=profile, signer=signer_of(certificate, purpose=purpose), stamp=stamp,
                        ltv=ltv_configured())  # fmt: skip
    except SigningRefusedError as error:
        raise _refused(error) from error
    except SignerUnavailableError as error:
        raise _unavailable(error) from error
    except pdf.LtvUnavailableError as error:
        raise SigningError(
            SigningError.LTV_UNAVAILABLE,
            _(
                "Không ký số được kết quả ở mức có dấu thời gian (PAdES B-LT): dịch vụ cấp dấu thời gian hoặc dịch "
                "vụ kiểm tra trạng thái chứng thư (OCSP/CRL) không trả lời, hoặc chứng thư của người ký không còn hiệu "
                "lực (đã bị thu hồi). Chi tiết: %(why)s"
            )
            % {"why": error},
        ) from error
    except pdf.SigningFailedError as error:
        raise SigningError(
            SigningError.RESULT_NOT_PDF,
            _("Tệp kết quả “%(name)s” không ký số được (không đọc được như một tệp PDF).")
            % {"name": attachment.original_name},
        ) from error


@dataclass(frozen=True)
class _Signature:
    """One signature put on a result in this approval, and the file as it stands after it."""

    attachment: Attachment
    certificate: SignerCertificate
    profile: str
    content: bytes
    public_id: str

    def record(self, *, agency, officer, at: dt.datetime) -> SignedDocument:
        return SignedDocument(
            attachment=self.attachment, public_id=self.public_id, profile=self.profile, sha256=_sha256(self.content),
            signer_serial=self.certificate.serial, signer_name=self.certificate.subject, agency_name=agency.name,
            document_number=self.attachment.result_code, signed_at=at, signed_by=officer, certificate=self.certificate,
        )  # fmt: skip


def _sign_result(attachment: Attachment, *, leader: SignerCertificate, seal: SignerCertificate | None, agency,
                 at: dt.datetime) -> list[_Signature]:  # fmt: skip
    """The leader's signature (with the QR of its verification page), then the agency's seal over it, if the agency
    has one (Decree 30/2020 art. 5: signed by the competent person and by the agency)."""
    with attachment.file.open("rb") as handle:
        content = handle.read()
    public_id = public_id_new()
    url = verification_url(code=attachment.dossier.code, public_id=public_id)
    stamp = pdf.StampInfo(signer_name=leader.subject, agency_name=agency.name, document_number=attachment.result_code,
                          url=url, at=at)  # fmt: skip
    content = _signed(content, attachment=attachment, certificate=leader, profile=Profile.RESULT_AGENCY, stamp=stamp)
    done = [_Signature(attachment, leader, Profile.RESULT_AGENCY, content, public_id)]
    if seal is not None:
        stamp = pdf.StampInfo(signer_name=seal.subject, agency_name=agency.name,
                              document_number=attachment.result_code, at=at)  # fmt: skip
        content = _signed(content, attachment=attachment, certificate=seal, profile=SEAL_PROFILE, stamp=stamp)
        done.append(_Signature(attachment, seal, SEAL_PROFILE, content, public_id_new()))
    return done


@transaction.atomic
def dossier_approve_and_sign(*, officer, dossier: Dossier, step_instance: StepInstance, note: str = "") -> Dossier:
    """The leader approves and signs every unsigned PDF result with their certificate (profile RESULT_AGENCY), and
    the agency's seal follows when one is registered (SEAL_PROFILE) — or nothing happens: no certificate, a key that
    will not open, a refusal on the phone, or an electronic result missing is refused with the reason. With no result
    file (a paper result) the approval goes on unsigned."""
    to_sign = _to_sign(dossier)
    agency = step_instance.agency
    leader = _certificate(officer, agency) if to_sign else None
    seal = seal_for(agency=agency) if to_sign else None
    now = timezone.now()
    signatures = [s for a in to_sign for s in _sign_result(a, leader=leader, seal=seal, agency=agency, at=now)]
    records = [s.record(agency=agency, officer=officer, at=now) for s in signatures]
    first = {}
    for record in records:
        first.setdefault(record.attachment.pk, record)  # the leader's: its page is the one the QR code names
    last = {record.attachment.pk: record for record in records}
    described = [{"id": r.attachment.pk, "name": r.attachment.original_name, "sha256": last[r.attachment.pk].sha256,
                  "profile": r.profile, "signer_serial": r.signer_serial, "signed_at": timezone.localtime(now),
                  "seal_serial": last[r.attachment.pk].signer_serial if seal else "",
                  "verification_url": verification_url(code=dossier.code, public_id=r.public_id)}
                 for r in first.values()]  # fmt: skip
    # The approval's own guards (status, the step, the officer's right) run here, before anything is stored.
    dossier = dossier_complete_step(officer=officer, dossier=dossier, step_instance=step_instance, note=note,
                                    approve=True, signed_results=described)  # fmt: skip
    final = {s.attachment.pk: s for s in signatures}
    for signature in final.values():
        attachment_result_signed(attachment=signature.attachment, content=signature.content, signed_at=now)
    SignedDocument.objects.bulk_create(records)
    return dossier


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@transaction.atomic
def result_signature_recognise(*, attachment: Attachment) -> bool:
    """A result PDF signed elsewhere — by the unit's own software before it sends it, by a leader's USB token at
    the desk — counts as signed when every signature on it verifies against the trust store; its signatures are
    recorded as if signed here. Anything else stays an unsigned result (it can still be returned on paper)."""
    if attachment.kind != Attachment.Kind.RESULT or attachment.content_type != PDF or attachment.signed_at:
        return False
    with attachment.file.open("rb") as handle:
        content = handle.read()
    verdict = pdf_verify(content, trust_roots=trust_roots(), fetch=settings.LIENTHONG_SIGNING_REVOCATION_FETCH)
    if verdict.status != Status.VALID:
        return False
    now, profiles = timezone.now(), pdf.PROFILE_OF_REASON_ON_RESULT
    SignedDocument.objects.bulk_create(
        SignedDocument(attachment=attachment, profile=profiles.get(s.reason, Profile.RESULT_AGENCY),
                       sha256=attachment.sha256, signer_serial=s.signer_serial, signer_name=s.signer_name,
                       agency_name=s.location or s.organisation, document_number=attachment.result_code,
                       signed_at=s.signed_at or now)
        for s in verdict.signatures
    )  # fmt: skip
    attachment_result_signed(attachment=attachment, content=None, signed_at=verdict.last.signed_at or now)
    return True
