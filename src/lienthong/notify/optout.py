"""The citizen's choice of channels, per contact (a phone stands for both Zalo and SMS, each chosen alone)."""

from dataclasses import dataclass

from django.db import transaction

from lienthong.dossiers.models import Dossier
from lienthong.notify.constants import MessageChannel
from lienthong.notify.delivery import phone_normalise
from lienthong.notify.models import OptOut


@dataclass(frozen=True)
class Contacts:
    recipients: dict[str, str]  # channel → the address messages on it go to
    opted_out: list[str]

    @property
    def available(self) -> list[str]:
        return list(self.recipients)


def opt_out_contacts(*, code: str) -> Contacts | None:
    dossier = Dossier.objects.filter(code=code).only("applicant_phone", "applicant_email").first()
    if dossier is None:
        return None
    recipients = {}
    phone = phone_normalise(dossier.applicant_phone)
    if phone:
        recipients[MessageChannel.ZNS] = recipients[MessageChannel.SMS] = phone
    if dossier.applicant_email:
        recipients[MessageChannel.EMAIL] = dossier.applicant_email.lower()
    opted = [c for c, r in recipients.items() if OptOut.objects.filter(channel=c, recipient=r).exists()]
    return Contacts(recipients=recipients, opted_out=opted)


@transaction.atomic
def opt_out_set(*, code: str, channels: list[str]) -> None:
    """Exactly `channels` are refused for this dossier's contacts from now on; the others are allowed again."""
    contacts = opt_out_contacts(code=code)
    if contacts is None:
        return
    for channel, recipient in contacts.recipients.items():
        if channel in channels:
            OptOut.objects.get_or_create(channel=channel, recipient=recipient)
        else:
            OptOut.objects.filter(channel=channel, recipient=recipient).delete()
