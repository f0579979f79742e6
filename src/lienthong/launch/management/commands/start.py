"""`lienthong start`: the main job on one machine — prepare the database, then run the web server, the worker
and the scheduler of periodic tasks.

Production runs the same three processes (gunicorn, `lienthong db_worker` and `lienthong scheduler`) under its own
supervisor; this command is the one-line start for a fresh machine and a demo.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lienthong.core.stopping import stop_requested
from lienthong.demo.accounts import demo_accounts_text
from lienthong.demo.builder import demo_build
from lienthong.org.models import Agency

# The one worker serves every queue; production may run one worker per queue instead.
WORKER_QUEUES = "*"


CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _(
            "Chuẩn bị cơ sở dữ liệu (và dữ liệu mẫu ở lần chạy đầu), rồi chạy máy chủ web, tiến trình nền "
            "và bộ lập lịch tác vụ định kỳ."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            default=os.environ.get("LIENTHONG_HOST", "127.0.0.1"),
            help=_("Địa chỉ lắng nghe (mặc định %(default)s)."),
        )
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("LIENTHONG_PORT", "8000")),
            help=_("Cổng (mặc định %(default)s)."),
        )
        parser.add_argument(
            "--web-workers",
            type=int,
            default=int(os.environ.get("LIENTHONG_WEB_WORKERS", "2")),
            help=_("Số tiến trình máy chủ web (mặc định %(default)s)."),
        )
        parser.add_argument("--no-demo", action="store_true", help=_("Không tạo tỉnh mẫu ở lần chạy đầu."))
        parser.add_argument("--prepare-only", action="store_true", help=_("Chỉ chuẩn bị dữ liệu, không chạy máy chủ."))

    def handle(self, *args, **options):
        self._mail_to_console_without_smtp()
        self._prepare(with_demo=not options["no_demo"])
        if options["prepare_only"]:
            return
        url = f"http://{options['host']}:{options['port']}/"
        # Links in e-mails to applicants point here unless the deployment named its public address.
        os.environ.setdefault("LIENTHONG_PUBLIC_URL", url)
        processes = self._spawn(options)
        self._announce(url)
        self._supervise(processes)

    def _mail_to_console_without_smtp(self) -> None:
        """On a machine with no SMTP server named, e-mail (a citizen's sign-up code, notices to applicants) is printed
        here rather than lost; the web and worker processes inherit the choice."""
        if "LIENTHONG_SMTP_HOST" in os.environ or "LIENTHONG_EMAIL_BACKEND" in os.environ:
            return
        os.environ["LIENTHONG_EMAIL_BACKEND"] = CONSOLE_EMAIL
        settings.EMAIL_BACKEND = CONSOLE_EMAIL
        self.stdout.write(
            _("Thư điện tử: chưa cấu hình máy chủ SMTP (LIENTHONG_SMTP_HOST), thư được in ra màn hình này.")
        )

    def _prepare(self, *, with_demo: bool) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(_("Cơ sở dữ liệu: đã cập nhật cấu trúc."))
        if with_demo and not Agency.objects.exists():
            self.stdout.write(_("Lần chạy đầu: đang tạo tỉnh mẫu Đồng Nai…"))
            demo_build(stdout=self.stdout)  # the accounts are printed once, in the banner
        call_command("collectstatic", interactive=False, verbosity=0)
        self._sweep_outbox()

    def _sweep_outbox(self) -> None:
        """Deliver what an earlier run left in the outbox: a process stopped between a commit and the dispatch it
        would have enqueued leaves its rows undelivered until some dispatch runs (dossiers/tasks.py)."""
        from lienthong.dossiers.tasks import outbox_dispatch

        outbox_dispatch.enqueue()

    def _spawn(self, options) -> list[subprocess.Popen]:
        python = sys.executable
        web = [
            python, "-m", "gunicorn", "lienthong.wsgi:application",
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["web_workers"]),
            "--access-logfile", "-",
        ]  # fmt: skip
        worker = [python, "-m", "lienthong", "db_worker", "--queue-name", WORKER_QUEUES, "--no-reload"]
        scheduler = [python, "-m", "lienthong", "scheduler"]  # enqueues the periodic tasks (launch/schedule.py)
        return [subprocess.Popen(argv) for argv in (web, worker, scheduler)]  # noqa: S603 — fixed argv, no shell

    def _announce(self, url: str) -> None:
        self.stdout.write(self.style.SUCCESS("\n" + _("Liên Thông đang chạy tại %(url)s") % {"url": url}))
        self.stdout.write("  " + _("Một cửa điện tử (cán bộ): %(url)s") % {"url": f"{url}backoffice/"})
        self.stdout.write(
            "  " + _("Trang quản trị: %(admin)s   API: %(api)s") % {"admin": f"{url}admin/", "api": f"{url}api/v1/docs"}
        )
        self.stdout.write("  " + _("Dữ liệu: %(name)s") % {"name": settings.DATABASES["default"]["NAME"]})
        self.stdout.write(demo_accounts_text())
        self.stdout.write(_("Nhấn Ctrl+C để dừng.") + "\n")

    def _supervise(self, processes: list[subprocess.Popen]) -> None:
        stopping = stop_requested()
        while not stopping() and all(p.poll() is None for p in processes):
            time.sleep(0.5)
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        failed = [p for p in processes if p.returncode not in (0, -signal.SIGTERM)]
        if not stopping() and failed:
            raise CommandError(_("Một tiến trình đã dừng bất thường; xem nhật ký ở trên."))
