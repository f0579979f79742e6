"""`lienthong audit verify` checks every dossier's event chain and every digest (and, `--against` a published file
or directory, the digests published outside the database); `lienthong audit digest` records a digest now, and with
`--publish` writes the newest one outside the database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lienthong.dossiers.models import ChainDigest
from lienthong.dossiers.services.audit import DIGEST_MARGIN, audit_verify, digest_record
from lienthong.dossiers.services.audit_publish import PublishError, digest_publish, publish_targets, published_read


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Kiểm tra tính toàn vẹn của nhật ký hồ sơ, hoặc ghi một bản tóm tắt chuỗi nhật ký.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser(
            "verify", help=_("Kiểm tra chuỗi nhật ký của mọi hồ sơ và mọi bản tóm tắt; có sai lệch thì thoát mã 1.")
        )
        verify.add_argument(
            "--against", type=Path, metavar=_("TỆP_HOẶC_THƯ_MỤC"),
            help=_("So thêm với các bản tóm tắt đã công bố (tệp .jsonl, hoặc thư mục chứa chúng)."),
        )  # fmt: skip
        minutes = int(DIGEST_MARGIN.total_seconds() // 60)
        digest = actions.add_parser(
            "digest",
            help=_("Ghi bản tóm tắt cho các sự kiện mới, trừ %(minutes)d phút gần nhất.") % {"minutes": minutes},
        )
        digest.add_argument(
            "--publish", action="store_true",
            help=_("Rồi công bố bản tóm tắt mới nhất ra ngoài cơ sở dữ liệu (LIENTHONG_AUDIT_PUBLISH_DIR, _URL)."),
        )  # fmt: skip

    def handle(self, *args, action: str, **options) -> None:
        if action == "verify":
            self._verify(options.get("against"))
        else:
            self._digest(publish=options.get("publish", False))

    def _verify(self, against: Path | None) -> None:
        published = self._published(against) if against is not None else None
        report = audit_verify(published=published)
        checked = _("Đã kiểm tra %(dossiers)d hồ sơ, %(events)d sự kiện, %(digests)d bản tóm tắt") % {
            "dossiers": report.dossiers, "events": report.events, "digests": report.digests
        }  # fmt: skip
        if published is not None:
            checked += _(", %(published)d bản đã công bố") % {"published": report.published}
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

    def _published(self, path: Path) -> list[dict]:
        if not path.exists():
            raise CommandError(_("Không có tệp hoặc thư mục %(path)s.") % {"path": path}, returncode=2)
        try:
            return published_read(path)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc

    def _digest(self, *, publish: bool) -> None:
        digest = digest_record()
        if digest is None:
            self.stdout.write(_("Không có sự kiện mới để tóm tắt."))
        else:
            self.stdout.write(self._described(_("Đã ghi bản tóm tắt"), digest))
        if publish:
            self._publish()

    def _publish(self) -> None:
        targets = publish_targets()
        if not targets.any:
            raise CommandError(
                _("Chưa cấu hình nơi công bố: đặt LIENTHONG_AUDIT_PUBLISH_DIR hoặc LIENTHONG_AUDIT_PUBLISH_URL."),
                returncode=2,
            )
        try:
            published = digest_publish(targets=targets)
        except PublishError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        if published is None:
            self.stdout.write(_("Bản tóm tắt mới nhất đã được công bố trước đó."))
        else:
            self.stdout.write(self._described(_("Đã công bố bản tóm tắt"), published))

    @staticmethod
    def _described(done: str, digest: ChainDigest) -> str:
        return _("%(done)s #%(id)s: %(count)d sự kiện đến %(until)s, mã %(digest)s.") % {
            "done": done,
            "id": digest.pk,
            "count": digest.event_count,
            "until": timezone.localtime(digest.covers_until).strftime("%d/%m/%Y %H:%M:%S"),
            "digest": digest.digest,
        }
