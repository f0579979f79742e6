"""`lienthong national_resync <code> [<code> …]`: send dossiers to the national portal again now."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lienthong.national.constants import NationalError, SyncState
from lienthong.national.services import national_resync


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Đồng bộ lại hồ sơ với Cổng Dịch vụ công quốc gia theo mã số hồ sơ.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="+", metavar="code", help=_("Mã số hồ sơ."))

    def handle(self, *args, codes: list[str], **options) -> None:
        failed = 0
        for code in codes:
            try:
                sync = national_resync(code=code)
            except NationalError as exc:
                raise CommandError(exc.message) from exc
            if sync.state == SyncState.SYNCED:
                self.stdout.write(self.style.SUCCESS(_("%(code)s: đã đồng bộ.") % {"code": code}))
                continue
            failed += 1
            self.stdout.write(_("%(code)s: %(state)s — %(error)s") % {
                "code": code, "state": sync.get_state_display(), "error": sync.last_error
            })  # fmt: skip
        if failed:
            raise CommandError(_("%(count)d hồ sơ chưa đồng bộ được.") % {"count": failed}, returncode=1)
