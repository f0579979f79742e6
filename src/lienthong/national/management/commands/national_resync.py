"""`lienthong national_resync <code> [<code> …]`, `--failed` or `--all`: send dossiers to the national portal again
now — some by their codes, those whose sync failed, or every dossier with a code (a first connection, a portal
that lost its copies, the demo)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lienthong.national.constants import NationalError, SyncState
from lienthong.national.models import NationalSync
from lienthong.national.services import national_resync, national_resync_many

SHOWN_FAILURES = 20  # after a bulk resync, the failures listed with the portal's words (the admin lists them all)


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Đồng bộ lại hồ sơ với Cổng Dịch vụ công quốc gia theo mã số hồ sơ.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", metavar="code", help=_("Mã số hồ sơ."))
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--failed", action="store_true", help=_("Mọi hồ sơ đồng bộ lỗi."))
        which.add_argument("--all", action="store_true", help=_("Mọi hồ sơ đã có mã số."))

    def handle(self, *args, codes: list[str], failed: bool, all: bool, **options) -> None:  # noqa: A002
        if bool(codes) == (failed or all):
            raise CommandError(_("Nêu mã số hồ sơ, hoặc --failed, hoặc --all."))
        try:
            if codes:
                self._by_code(codes)
            else:
                self._many(failed_only=failed)
        except NationalError as exc:
            raise CommandError(exc.message) from exc

    def _by_code(self, codes: list[str]) -> None:
        failed = 0
        for code in codes:
            sync = national_resync(code=code)
            if sync.state == SyncState.SYNCED:
                self.stdout.write(self.style.SUCCESS(_("%(code)s: đã đồng bộ.") % {"code": code}))
                continue
            failed += 1
            self.stdout.write(_("%(code)s: %(state)s — %(error)s") % {
                "code": code, "state": sync.get_state_display(), "error": sync.last_error
            })  # fmt: skip
        if failed:
            raise CommandError(_("%(count)d hồ sơ chưa đồng bộ được.") % {"count": failed}, returncode=1)

    def _many(self, *, failed_only: bool) -> None:
        def progress(done: int, states) -> None:
            if done % 1000 == 0:
                self.stdout.write(_("… %(done)d hồ sơ") % {"done": done})

        states = national_resync_many(failed_only=failed_only, progress=progress)
        summary = _("Đã gửi %(sent)d hồ sơ: %(synced)d đã đồng bộ, %(pending)d chờ thử lại, %(failed)d lỗi.")
        self.stdout.write(summary % {
            "sent": sum(states.values()), "synced": states[SyncState.SYNCED], "pending": states[SyncState.PENDING],
            "failed": states[SyncState.FAILED],
        })  # fmt: skip
        rows = NationalSync.objects.filter(state=SyncState.FAILED).select_related("dossier").order_by("pk")
        for sync in rows[:SHOWN_FAILURES]:
            self.stdout.write(f"{sync.dossier.code}: {sync.last_error}")
        if states[SyncState.FAILED] or states[SyncState.PENDING]:
            raise CommandError(_("%(count)d hồ sơ chưa đồng bộ được.") % {
                "count": states[SyncState.FAILED] + states[SyncState.PENDING]
            }, returncode=1)  # fmt: skip
