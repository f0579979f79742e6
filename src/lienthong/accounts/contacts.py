"""Phone numbers and email addresses as people type them, brought to one spelling so they compare equal."""

import re
from dataclasses import dataclass

_PHONE = re.compile(r"0[1-9][0-9]{8}")  # Vietnamese subscriber numbers: ten digits since the 2018 renumbering
_SEPARATORS = str.maketrans("", "", " .-()")


def email_normalise(raw: str) -> str:
    return (raw or "").strip().lower()


def phone_normalise(raw: str) -> str | None:
    """`0912 345 678`, `+84 912.345.678` and `84912345678` are all `0912345678`; None if it is no VN number."""
    digits = (raw or "").strip().translate(_SEPARATORS)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if _PHONE.fullmatch(digits) else None


def phone_spellings(phone: str) -> list[str]:
    """The ways a desk officer may have typed a normalised number on a dossier: compact, international, and
    grouped 4-3-3 with a space, dot or hyphen. Dossiers keep the phone as typed (dossiers.services.Applicant)."""
    national, subscriber = phone, phone[1:]
    spellings = {national, "+84" + subscriber, "84" + subscriber}
    for separator in " .-":
        spellings.add(separator.join((national[:4], national[4:7], national[7:])))
        spellings.add(separator.join(("+84", subscriber[:3], subscriber[3:6], subscriber[6:])))
    return sorted(spellings)


@dataclass(frozen=True)
class Contact:
    """A normalised email address or phone number, and which of the two it is."""

    kind: str  # ContactKind
    value: str
