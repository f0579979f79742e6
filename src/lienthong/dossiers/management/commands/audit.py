"""`lienthong audit verify` checks every dossier's event chain and every digest; `lienthong audit digest` records a
digest now (the deployment's cron runs it every few minutes)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lienthong.dossiers.services.audit import DIGEST_MARGIN, audit_verify, digest_record


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Kiểm tra tính toàn vẹn của nhật ký hồ sơ, hoặc ghi một bản tóm tắt chuỗi nhật ký.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser(
            "verify", help=_("Kiểm tra chuỗi nhật ký của mọi hồ sơ và mọi bản tóm tắt; có sai lệch thì thoát mã 1.")
        )
        minutes = int(DIGEST_MARGIN.total_seconds() // 60)
        actions.add_parser(
            "digest",
            help=_("Ghi bản tóm tắt cho các sự kiện mới, trừ %(minutes)d phút gần nhất.") % {"minutes": minutes},
        )

    def handle(self, *args, action: str, **options) -> None:
        if action == "verify":
            self._verify()
        else:
            self._digest()

    def _verify(self) -> None:
        report = audit_verify()
        checked = _("Đã kiểm tra %(dossiers)d hồ sơ, %(events)d sự kiện, %(digests)d bản tóm tắt") % {
            "dossiers": report.dossiers, "events": report.events, "digests": report.digests
        }  # fmt: skip
        if report.ok:
            self.stdout.write(self.style.SUCCESS(_("%(checked)s: không có sai lệch.") % {"checked": checked}))
            return
        for found in report.breaks:
            self.stdout.write(str(found))
        count = len(report.breaks)
        raise CommandError(
            ngettext("%(checked)s: %(count)d sai lệch.", "%(checked)s: %(count)d sai lệch.", count)
            % {"checked": checked, "count": count},
            returncode=1,
        )

    def _digest(self) -> None:
        digest = digest_record()
        if digest is None:
            self.stdout.write(_("Không có sự kiện mới để tóm tắt."))
            return
        self.stdout.write(
            _("Đã ghi bản tóm tắt #%(id)s: %(count)d sự kiện đến %(until)s, mã %(digest)s.")
            % {
                "id": digest.pk,
                "count": digest.event_count,
                "until": timezone.localtime(digest.covers_until).strftime("%d/%m/%Y %H:%M:%S"),
                "digest": digest.digest,
            }
        )
