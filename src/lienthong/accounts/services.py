"""Writes of citizens' accounts: sign-up, verification by one-time code, sign-in checks, password reset.

Codes: six random digits, kept only as an HMAC keyed by the server's secret and a per-code salt; valid for ten
minutes; dead after five wrong tries; a newer code for the same purpose replaces the older one. Sending is
counted per contact and per client address (`lienthong.core.ratelimit`), so neither a mailbox nor the SMTP server
can be flooded from here.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from lienthong.accounts.channels import ChannelError, ChannelNotConfiguredError, channel_get
from lienthong.accounts.constants import CHANNEL_FOR_CONTACT, CODE_DIGITS, CODE_LIFETIME, CODE_MAX_WRONG, Purpose
from lienthong.accounts.contacts import Contact
from lienthong.accounts.errors import AccountError, AccountErrorCode
from lienthong.accounts.models import CitizenProfile, OneTimeCode
from lienthong.accounts.selectors import citizen_profile_for_contact
from lienthong.core.ratelimit import rate_parse, window_hit

User = get_user_model()
_HMAC_SALT = "lienthong.accounts.one-time-code"


@dataclass(frozen=True)
class SignUp:
    contact: Contact
    full_name: str
    password: str
    identity_number: str = ""


# -- codes ---------------------------------------------------------------------------------------------------------


def _code_digest(*, salt: str, code: str) -> str:
    return salted_hmac(_HMAC_SALT, f"{salt}:{code}", algorithm="sha256").hexdigest()


def code_send_allowed(*, contact: Contact, client: str) -> None:
    """Count one sending; refuse past `LIENTHONG_ACCOUNT_CODE_RATE` per contact or `…_PER_IP` per address."""
    contact_key = "otp:to:" + hashlib.sha256(contact.value.encode()).hexdigest()[:32]  # no contact in cache keys
    for key, text in (
        (contact_key, settings.LIENTHONG_ACCOUNT_CODE_RATE),
        ("otp:ip:" + client, settings.LIENTHONG_ACCOUNT_CODE_RATE_PER_IP),
    ):
        rate = rate_parse(text)
        if rate is not None and not (verdict := window_hit(key, rate)).allowed:
            raise AccountError(AccountErrorCode.RATE_LIMITED, retry_after=verdict.retry_after)


def channel_check(contact: Contact) -> None:
    """Before anything is written: a contact whose channel this deployment lacks cannot sign up here."""
    try:
        channel_get(CHANNEL_FOR_CONTACT[contact.kind])
    except ChannelNotConfiguredError:
        raise AccountError(AccountErrorCode.SMS_UNAVAILABLE) from None


@transaction.atomic
def code_issue(*, user: AbstractBaseUser, purpose: str) -> str:
    """A fresh code for the user and purpose; any earlier one stops working. Returns the code to send, once."""
    now = timezone.now()
    OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(used_at=now)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    salt = secrets.token_hex(16)
    OneTimeCode.objects.create(
        user=user, purpose=purpose, salt=salt, code_hash=_code_digest(salt=salt, code=code),
        created_at=now, expires_at=now + CODE_LIFETIME,
    )  # fmt: skip
    return code


def code_deliver(*, contact: Contact, code: str, purpose: str) -> None:
    """Send it now, after the code's transaction committed: the citizen waits for it on the next page."""
    try:
        channel_get(CHANNEL_FOR_CONTACT[contact.kind]).send(to=contact.value, code=code, purpose=purpose)
    except ChannelNotConfiguredError:
        raise AccountError(AccountErrorCode.SMS_UNAVAILABLE) from None
    except ChannelError:
        raise AccountError(AccountErrorCode.SEND_FAILED) from None


def code_check(*, user_id: int | None, purpose: str, code: str) -> None:
    """Use up the user's current code if `code` is it; else count a wrong try (kept, even though this raises)."""
    failure = _code_try(user_id=user_id, purpose=purpose, code=code)
    if failure is not None:
        raise failure


@transaction.atomic
def _code_try(*, user_id: int | None, purpose: str, code: str) -> AccountError | None:
    current = (
        OneTimeCode.objects.select_for_update()
        .filter(user_id=user_id, purpose=purpose, used_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    ) if user_id is not None else None  # fmt: skip
    if current is None:
        return AccountError(AccountErrorCode.CODE_MISSING)
    if current.wrong_tries >= CODE_MAX_WRONG:
        return AccountError(AccountErrorCode.CODE_LOCKED)
    if timezone.now() >= current.expires_at:
        return AccountError(AccountErrorCode.CODE_EXPIRED)
    if not hmac.compare_digest(current.code_hash, _code_digest(salt=current.salt, code=code)):
        current.wrong_tries += 1
        current.save(update_fields=["wrong_tries"])
        if current.wrong_tries >= CODE_MAX_WRONG:
            return AccountError(AccountErrorCode.CODE_LOCKED)
        return AccountError(AccountErrorCode.CODE_WRONG, tries_left=CODE_MAX_WRONG - current.wrong_tries)
    current.used_at = timezone.now()
    current.save(update_fields=["used_at"])
    return None


def code_resend(*, user_id: int | None, contact: Contact, purpose: str, client: str) -> None:
    """Another code to the same contact, counted like the first; an unknown account gets the same answer."""
    code_send_allowed(contact=contact, client=client)
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    if user is None:
        return
    code_deliver(contact=contact, code=code_issue(user=user, purpose=purpose), purpose=purpose)


# -- sign-up and sign-in -------------------------------------------------------------------------------------------


def citizen_sign_up(*, sign_up: SignUp, client: str) -> AbstractBaseUser:
    """An inactive account and a code sent to its contact; it becomes usable when the code comes back.

    Signing up again with a contact that was never verified takes the pending account over (new name, password and
    code): who cannot read the code gains nothing, and a typo'd sign-up does not lock the contact for ever."""
    channel_check(sign_up.contact)
    code_send_allowed(contact=sign_up.contact, client=client)
    try:
        user, code = _citizen_pending(sign_up)
    except IntegrityError:  # the same contact signed up at the same instant in another request
        raise AccountError(AccountErrorCode.CONTACT_TAKEN) from None
    code_deliver(contact=sign_up.contact, code=code, purpose=Purpose.SIGN_UP)
    return user


@transaction.atomic
def _citizen_pending(sign_up: SignUp) -> tuple[AbstractBaseUser, str]:
    contact = sign_up.contact
    profile = citizen_profile_for_contact(contact=contact, lock=True)
    if profile is not None and profile.is_verified:
        raise AccountError(AccountErrorCode.CONTACT_TAKEN)
    if profile is None:
        user = User(username=f"citizen-{secrets.token_hex(8)}", is_active=False)
        profile = CitizenProfile(user=user, contact_kind=contact.kind, **{contact.kind: contact.value})
    user = profile.user
    user.set_password(sign_up.password)
    user.is_active = False
    user.save()
    profile.user = user
    profile.full_name = sign_up.full_name
    profile.identity_number = sign_up.identity_number
    profile.save()
    return user, code_issue(user=user, purpose=Purpose.SIGN_UP)


def citizen_verify(*, user_id: int | None, code: str) -> AbstractBaseUser:
    """The code that was sent proves the contact: the account becomes active and its contact verified."""
    code_check(user_id=user_id, purpose=Purpose.SIGN_UP, code=code)  # outside: a wrong try must stay counted
    return _citizen_activate(user_id=user_id)


@transaction.atomic
def _citizen_activate(*, user_id: int | None) -> AbstractBaseUser:
    profile = CitizenProfile.objects.select_for_update().select_related("user").get(user_id=user_id)
    profile.verified_at = timezone.now()
    profile.save(update_fields=["verified_at"])
    profile.user.is_active = True
    profile.user.save(update_fields=["is_active"])
    return profile.user


@transaction.atomic
def citizen_import(*, sign_up: SignUp, password_hash: str = "") -> tuple[AbstractBaseUser, bool]:
    """An active account whose contact was verified elsewhere (an earlier portal's accounts, the demo); (user,
    created). Idempotent by contact: an existing account is returned as it is. `password_hash` spares hashing the
    same password again for many accounts."""
    profile = citizen_profile_for_contact(contact=sign_up.contact, lock=True)
    if profile is not None:
        return profile.user, False
    user = User(username=f"citizen-{secrets.token_hex(8)}", is_active=True, password=password_hash)
    if not password_hash:
        user.set_password(sign_up.password)
    user.save()
    contact = sign_up.contact
    CitizenProfile.objects.create(user=user, full_name=sign_up.full_name, identity_number=sign_up.identity_number,
                                  contact_kind=contact.kind, verified_at=timezone.now(),
                                  **{contact.kind: contact.value})  # fmt: skip
    return user, True


def citizen_authenticate(*, contact: Contact, password: str, client: str) -> AbstractBaseUser:
    """The verified citizen with this contact and password; officers' accounts never sign in here.

    Attempts are counted per contact and per address (`LIENTHONG_ACCOUNT_SIGNIN_RATE`); a miss hashes a password
    anyway, so an unknown contact takes as long as a wrong password."""
    rate = rate_parse(settings.LIENTHONG_ACCOUNT_SIGNIN_RATE)
    contact_key = "signin:to:" + hashlib.sha256(contact.value.encode()).hexdigest()[:32]
    for key in (contact_key, "signin:ip:" + client):
        if rate is not None and not (verdict := window_hit(key, rate)).allowed:
            raise AccountError(AccountErrorCode.RATE_LIMITED, retry_after=verdict.retry_after)
    profile = citizen_profile_for_contact(contact=contact)
    if profile is None or not profile.is_verified or not profile.user.is_active:
        User().set_password(password)
        raise AccountError(AccountErrorCode.SIGN_IN_FAILED)
    if not profile.user.check_password(password):
        raise AccountError(AccountErrorCode.SIGN_IN_FAILED)
    return profile.user


# -- password reset ------------------------------------------------------------------------------------------------


def password_reset_begin(*, contact: Contact, client: str) -> int | None:
    """Send a reset code if a verified account has this contact. The caller answers the same either way, so the
    page does not tell who has an account; returns the user's id to remember in the session, or None."""
    channel_check(contact)
    code_send_allowed(contact=contact, client=client)
    profile = citizen_profile_for_contact(contact=contact)
    if profile is None or not profile.is_verified:
        return None
    code = code_issue(user=profile.user, purpose=Purpose.PASSWORD_RESET)
    code_deliver(contact=contact, code=code, purpose=Purpose.PASSWORD_RESET)
    return profile.user_id


def password_reset_complete(*, user_id: int | None, code: str, password: str) -> AbstractBaseUser:
    """The code sent to the verified contact stands for the old password."""
    code_check(user_id=user_id, purpose=Purpose.PASSWORD_RESET, code=code)  # outside: a wrong try stays counted
    user = User.objects.get(pk=user_id)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def citizen_profile_update(*, profile: CitizenProfile, full_name: str, identity_number: str, address: str) -> None:
    """What an online application fills in from the account, as the citizen corrects it; the contact the account
    proved it owns is not changed here (it signs in and finds the citizen's dossiers: only a code changes it)."""
    profile.full_name, profile.identity_number, profile.address = full_name.strip(), identity_number, address.strip()
    profile.save(update_fields=["full_name", "identity_number", "address"])


def citizen_profile_complete(*, profile: CitizenProfile, identity_number: str = "", address: str = "") -> None:
    """Keep what an application asked because the account lacked it, so the next one need not ask again."""
    changed = []
    if identity_number and not profile.identity_number:
        profile.identity_number = identity_number
        changed.append("identity_number")
    if address and not profile.address:
        profile.address = address.strip()
        changed.append("address")
    if changed:
        profile.save(update_fields=changed)
