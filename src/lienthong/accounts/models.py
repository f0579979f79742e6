"""A citizen's account: a Django user that never holds an officer role, its verified contact, and one-time codes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.accounts.constants import ContactKind, Purpose


class CitizenProfile(models.Model):
    """Who the account belongs to and the one contact it proved it owns (the code went there).

    Exactly one of `email` and `phone` is the sign-up contact; an account is usable only once `verified_at` is set.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen")
    full_name = models.CharField(_("họ và tên"), max_length=255)
    identity_number = models.CharField(_("số định danh cá nhân"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)  # stored in lower case
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)  # stored as 0XXXXXXXXX
    contact_kind = models.CharField(_("liên hệ đăng ký"), max_length=10, choices=ContactKind.choices)
    # Where the citizen lives: online applications fill it in and choose the desk of its commune from it.
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    verified_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài khoản công dân")
        verbose_name_plural = pgettext_lazy("plural", "tài khoản công dân")
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=~Q(email=""), name="citizen_email_unique"),
            models.UniqueConstraint(fields=["phone"], condition=~Q(phone=""), name="citizen_phone_unique"),
            models.CheckConstraint(
                condition=(Q(contact_kind=ContactKind.EMAIL) & ~Q(email=""))
                | (Q(contact_kind=ContactKind.PHONE) & ~Q(phone="")),
                name="citizen_has_its_contact",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def contact(self) -> str:
        return self.email if self.contact_kind == ContactKind.EMAIL else self.phone

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class OneTimeCode(models.Model):
    """A 6-digit code sent to the account's contact; only its keyed hash is kept (a leaked table reveals nothing
    without the server's secret, and six digits alone would fall to any unkeyed hash in a second)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    wrong_tries = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác minh")
        verbose_name_plural = pgettext_lazy("plural", "mã xác minh")
        indexes = [models.Index(fields=["user", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.purpose} {self.created_at:%Y-%m-%d %H:%M}"
