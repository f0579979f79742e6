"""`lienthong webhook_secrets_reencrypt`: after a new key is put first in LIENTHONG_SECRETS_KEY, store every webhook
signing secret under it, so that the old key can then be dropped (core/encryption.py)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lienthong.gateway.webhooks.services import subscription_secrets_reencrypt


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Mã hóa lại khóa ký webhook bằng khóa mới nhất của LIENTHONG_SECRETS_KEY.")

    def handle(self, *args, **options):
        count = subscription_secrets_reencrypt()
        self.stdout.write(_("Đã mã hóa lại khóa ký của %(count)d đăng ký webhook.") % {"count": count})
