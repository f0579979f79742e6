"""The trust store, the officers' signing certificates, and the record of every signed document."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.core.encryption import EncryptedTextField
from lienthong.signing.constants import Backend, Profile


class TrustAnchor(models.Model):
    """A root certificate the province trusts (the pinned Vietnamese roots: VGCA, NEAC Root CA) — never the OS's."""

    name = models.CharField(_("tên"), max_length=200)
    pem = models.TextField(_("chứng thư gốc (PEM)"))
    is_active = models.BooleanField(_("đang dùng"), default=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư gốc tin cậy")
        verbose_name_plural = pgettext_lazy("plural", "chứng thư gốc tin cậy")

    def __str__(self) -> str:
        return self.name


class SignerCertificate(models.Model):
    """An officer's key for signing in an agency, or the agency's own seal (no officer): where it is (a PKCS#12 file,
    a PKCS#11 token, a remote service) and what its certificate says (read when registered: serial, subject,
    expiry)."""

    # None: the agency's seal (its organisation certificate), which follows the leader's signature on a result.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cán bộ"), on_delete=models.CASCADE,
                             related_name="signing_certificates", null=True, blank=True,
                             help_text=_("Để trống cho con dấu số của cơ quan (chứng thư của tổ chức)."))  # fmt: skip
    agency = models.ForeignKey("org.Agency", verbose_name=_("cơ quan"), on_delete=models.CASCADE)
    backend = models.CharField(_("loại khóa"), max_length=10, choices=Backend.choices, default=Backend.PKCS12)
    pkcs12_path = models.CharField(_("đường dẫn tệp PKCS#12"), max_length=500, blank=True)
    pkcs11_module = models.CharField(_("thư viện PKCS#11"), max_length=500, blank=True)
    token_label = models.CharField(_("nhãn token"), max_length=100, blank=True)
    key_label = models.CharField(_("nhãn khóa"), max_length=100, blank=True)
    # Remote signing: the officer's credential at the province's CSC service (LIENTHONG_SIGNING_CSC_URL).
    csc_credential_id = models.CharField(_("mã chứng thư ký số từ xa (credential ID)"), max_length=200, blank=True)
    # The PKCS#12 passphrase, the token's user PIN or the remote credential's PIN, encrypted at rest
    # (core/encryption.py).
    secret = EncryptedTextField(_("mật khẩu / mã PIN"), blank=True)
    serial = models.CharField(_("số hiệu chứng thư"), max_length=64, blank=True)
    subject = models.CharField(_("chủ thể chứng thư"), max_length=500, blank=True)
    not_after = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư ký số của cán bộ")
        verbose_name_plural = pgettext_lazy("plural", "chứng thư ký số của cán bộ")
        indexes = [models.Index(fields=["user", "agency", "is_active"])]

    def __str__(self) -> str:
        return f"{self.subject} ({self.serial})"


def public_id_new() -> str:
    # Unguessable: the verification page hands out the original, so its address must not be enumerable from the
    # dossier codes (which follow a pattern) and a sequence.
    return secrets.token_urlsafe(12)


class SignedDocument(models.Model):
    """One signature put on a dossier's result: what was signed (the SHA-256 of the signed file), by whom, when,
    and how — what the public verification page (/v/<code>/<public id>/) shows and compares an upload with."""

    public_id = models.CharField(max_length=32, unique=True, default=public_id_new, editable=False)
    attachment = models.ForeignKey("dossiers.Attachment", on_delete=models.CASCADE, related_name="signatures")
    profile = models.CharField(_("kiểu ký"), max_length=20, choices=Profile.choices)
    sha256 = models.CharField(max_length=64, db_index=True)
    signer_serial = models.CharField(_("số hiệu chứng thư"), max_length=64)
    signer_name = models.CharField(_("người ký"), max_length=200)
    agency_name = models.CharField(_("cơ quan"), max_length=300)
    document_number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    signed_at = models.DateTimeField(_("thời gian ký"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    certificate = models.ForeignKey(SignerCertificate, null=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("văn bản đã ký số")
        verbose_name_plural = pgettext_lazy("plural", "văn bản đã ký số")
        ordering = ["attachment", "signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_number or self.attachment_id} — {self.signer_name}"


def _slip_name(instance: "SealedSlip", filename: str) -> str:
    return f"slips/{instance.dossier_id}/{secrets.token_hex(16)}.pdf"


class SealedSlip(models.Model):
    """A slip (Mẫu 01–05) as the agency issued it, sealed with its organisation certificate: made once per event it
    reports (a second print gives the same file), kept so the public page (/v/<code>/<public id>/) can show and
    compare it."""

    public_id = models.CharField(max_length=32, unique=True, default=public_id_new, editable=False)
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="sealed_slips")
    event = models.ForeignKey("dossiers.DossierEvent", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("mẫu phiếu"), max_length=2)
    title = models.CharField(_("tên phiếu"), max_length=200)
    file = models.FileField(upload_to=_slip_name, max_length=255)
    sha256 = models.CharField(max_length=64)
    profile = models.CharField(_("kiểu ký"), max_length=20, choices=Profile.choices, default=Profile.SLIP)
    signer_serial = models.CharField(_("số hiệu chứng thư"), max_length=64)
    signer_name = models.CharField(_("người ký"), max_length=200)
    agency_name = models.CharField(_("cơ quan"), max_length=300)
    signed_at = models.DateTimeField(_("thời gian ký"))
    certificate = models.ForeignKey(SignerCertificate, null=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("phiếu đã ký số")
        verbose_name_plural = pgettext_lazy("plural", "phiếu đã ký số")
        constraints = [models.UniqueConstraint(fields=["event", "kind"], name="one_sealed_slip_per_event_and_kind")]

    def __str__(self) -> str:
        return f"{self.title} — {self.dossier_id}"

    # What the public page reads of a signed document, as of a SignedDocument and its result.
    @property
    def document_number(self) -> str:
        return self.title

    @property
    def original_name(self) -> str:
        return f"mau-{self.kind}-{self.dossier.code}.pdf"
