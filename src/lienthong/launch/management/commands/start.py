"""`lienthong start`: the main job on one machine — prepare the database, then run the web server, the worker
and the scheduler of periodic tasks.

Production runs the same three processes (gunicorn, `lienthong db_worker` and `lienthong scheduler`) under its own
supervisor; this command is the one-line start for a fresh machine and a demo.
"""

import errno
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lienthong.conf import env
from lienthong.core.logredact import GUNICORN_LOGGER_ARGS
from lienthong.core.stopping import stop_requested
from lienthong.demo.accounts import demo_accounts_text
from lienthong.demo.builder import demo_build
from lienthong.org.models import Agency
from lienthong.payments.paygov_simulator import Platform
from lienthong.payments.receipt_simulator import ACCOUNT, PASSWORD
from lienthong.payments.simulator import Bank

# The one worker serves every queue; production may run one worker per queue instead.
WORKER_QUEUES = "*"


CONSOLE_EMAIL = "lienthong.core.mail.ReadableConsoleBackend"
HEALTH_PATH = "api/v1/health"
PATIENCE = 60  # seconds of waiting for the web server before saying that it is slow to answer
# A browser or a connected system reuses its connection between requests: threaded workers keep it open this many
# seconds (gunicorn's sync workers close it after every answer, so each request paid a new TCP handshake).
KEEP_ALIVE_SECONDS = 5


def web_server_argv(*, host: str, port: int, workers: int, threads: int, access_log: bool) -> list[str]:
    """The web process of `lienthong start`: gunicorn with threaded workers that keep connections alive, and no
    access log unless asked for (a console line per request costs more than a tracking answer)."""
    return [
        sys.executable, "-m", "gunicorn", "lienthong.wsgi:application",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--worker-class", "gthread", "--threads", str(threads),
        "--keep-alive", str(KEEP_ALIVE_SECONDS),
        "--log-level", "warning",  # its boot lines are noise here; errors still show
        *GUNICORN_LOGGER_ARGS,  # every URL it logs without its query string (personal data)
        *(["--access-logfile", "-"] if access_log else []),
    ]  # fmt: skip


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
        parser.add_argument(
            "--web-threads",
            type=int,
            default=int(os.environ.get("LIENTHONG_WEB_THREADS", "4")),
            help=_("Số luồng của mỗi tiến trình máy chủ web (mặc định %(default)s)."),
        )
        parser.add_argument(
            "--access-log",
            action="store_true",
            default=env("LIENTHONG_ACCESS_LOG", False),
            help=_("In mỗi yêu cầu HTTP ra màn hình (nhật ký truy cập của gunicorn; mặc định tắt)."),
        )
        parser.add_argument("--no-demo", action="store_true", help=_("Không tạo tỉnh mẫu ở lần chạy đầu."))
        parser.add_argument("--prepare-only", action="store_true", help=_("Chỉ chuẩn bị dữ liệu, không chạy máy chủ."))

    def handle(self, *args, **options):
        if not options["prepare_only"]:
            _port_must_be_free(options["host"], options["port"])  # before the build, not a minute later
        self._mail_to_console_without_smtp()
        self._prepare(with_demo=not options["no_demo"])
        if options["prepare_only"]:
            return
        url = f"http://{_url_host(options['host'])}:{options['port']}/"
        self.stdout.write(_("Đang khởi động máy chủ web, tiến trình nền và bộ lập lịch…"))
        # Links in e-mails to applicants point here unless the deployment named its public address.
        os.environ.setdefault("LIENTHONG_PUBLIC_URL", url.rstrip("/"))
        simulators = self._phone_simulators_without_providers(options)
        bank = self._payments_to_simulator_without_gateway(options)
        platform = self._platform_to_simulator_without_platform(options)
        receipts = self._receipts_to_simulator_without_service(options)
        extra = [argv for argv in (bank, platform, receipts) if argv]
        # the simulators' own (English, developer's) lines stay off the console: the start says in words where each runs
        quiet = [subprocess.Popen(argv, stdout=subprocess.DEVNULL) for argv in extra]  # noqa: S603 — fixed argv
        processes = self._spawn(options) + simulators + quiet
        stopping = stop_requested()
        try:
            serving = self._await_web(_probe_url(options["host"], options["port"]), processes[0], stopping)
        except CommandError:
            _stop(processes)
            raise
        if serving:
            self._announce(url)
        self._supervise(processes, stopping)

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

    def _phone_simulators_without_providers(self, options) -> list[subprocess.Popen]:
        """The demo's Zalo and SMS: with no provider configured (and not in production), the simulated SMS gateway
        and Zalo ZNS run beside the site on free ports, and the web and worker processes are pointed at them, so
        the applicant's messages and their delivery reports can be seen (docs/notifications.md)."""
        configured = {"LIENTHONG_SMS_URL", "LIENTHONG_ZNS_URL"} & set(os.environ)
        if configured or options["no_demo"] or settings.LIENTHONG_PROFILE == "production":
            return []
        import secrets

        from lienthong.notify.simulator.__main__ import settings_for

        host = "127.0.0.1"
        sms_port, zns_port = _free_port(host), _free_port(host)
        public = os.environ["LIENTHONG_PUBLIC_URL"]
        os.environ.update(settings_for(host=host, sms_port=sms_port, zns_port=zns_port))
        os.environ.setdefault("LIENTHONG_NOTIFY_CALLBACK_TOKEN", secrets.token_urlsafe(24))
        os.environ.setdefault("LIENTHONG_SMS_GATEWAY", "lienthong.notify.otp.SmsCodeGateway")  # sign-up codes
        argv = [sys.executable, "-m", "lienthong.notify.simulator", "--host", host, "--sms-port", str(sms_port),
                "--zns-port", str(zns_port), "--zns-callback", f"{public}/thong-bao/bao-nhan/zns/"]  # fmt: skip
        self.stdout.write(
            _("Zalo và SMS: chưa cấu hình nhà cung cấp, dùng bộ mô phỏng tại cổng %(sms)s (SMS) và %(zns)s (Zalo).")
            % {"sms": sms_port, "zns": zns_port}
        )
        return [subprocess.Popen(argv, stdout=subprocess.DEVNULL)]  # noqa: S603 — fixed argv, no shell

    def _payments_to_simulator_without_gateway(self, options) -> list[str]:
        """With no bank gateway named, online payment goes to the gateway simulator started beside the server (the
        argv returned; empty when a real gateway is configured): the web and worker processes inherit its address."""
        if "LIENTHONG_VNPAY_PAY_URL" in os.environ:
            return []
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        bank, sim = Bank(), f"http://127.0.0.1:{port}"
        os.environ.update({
            "LIENTHONG_VNPAY_PAY_URL": f"{sim}/paymentv2/vpcpay.html",
            "LIENTHONG_VNPAY_API_URL": f"{sim}/merchant_webapi/api/transaction",
            "LIENTHONG_VNPAY_TMN_CODE": bank.tmn_code, "LIENTHONG_VNPAY_SECRET": bank.secret,
        })  # fmt: skip
        self.stdout.write(_("Thanh toán trực tuyến: chưa cấu hình cổng thanh toán, dùng cổng mô phỏng tại %(url)s.")
                          % {"url": sim})  # fmt: skip
        ipn = f"http://{_url_host(options['host'])}:{options['port']}/thanh-toan/vnpay/ipn/"
        return [sys.executable, "-m", "lienthong.payments.simulator", "--port", str(port), "--ipn-url", ipn]

    def _platform_to_simulator_without_platform(self, options) -> list[str]:
        """With no national payment platform named, the agencies that collect through it (admin → Kênh thanh toán
        của cơ quan) pay on the platform's simulator started beside the server (the argv returned; empty when a
        platform is configured, and in production): the web and worker processes inherit its address, partner code
        and keys."""
        if "LIENTHONG_PAYGOV_INIT_URL" in os.environ or settings.LIENTHONG_PROFILE == "production":
            return []
        port = _free_port("127.0.0.1")
        platform, sim = Platform(), f"http://127.0.0.1:{port}"
        os.environ.update({
            "LIENTHONG_PAYGOV_INIT_URL": f"{sim}/api/init", "LIENTHONG_PAYGOV_QUERY_URL": f"{sim}/api/query",
            "LIENTHONG_PAYGOV_PARTNER_CODE": platform.partner_code, "LIENTHONG_PAYGOV_SECRET": platform.secret,
            "LIENTHONG_PAYGOV_ACCESS_TOKEN": platform.access_token,
        })  # fmt: skip
        self.stdout.write(_("Nền tảng thanh toán quốc gia: chưa cấu hình, dùng nền tảng mô phỏng tại %(url)s.")
                          % {"url": sim})  # fmt: skip
        site = f"http://{_url_host(options['host'])}:{options['port']}"
        return [sys.executable, "-m", "lienthong.payments.paygov_simulator", "--port", str(port), "--confirm-url",
                f"{site}/thanh-toan/paygov/confirm/", "--return-url", f"{site}/thanh-toan/ket-qua/"]  # fmt: skip

    def _receipts_to_simulator_without_service(self, options) -> list[str]:
        """With no e-receipt service named, receipts are asked of the simulator started beside the server (the argv
        returned; empty when a service is configured or outside the demo)."""
        if "LIENTHONG_ERECEIPT_URL" in os.environ or options["no_demo"] or settings.LIENTHONG_PROFILE == "production":
            return []
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        os.environ.update({"LIENTHONG_ERECEIPT_URL": url, "LIENTHONG_ERECEIPT_ACCOUNT": ACCOUNT,
                           "LIENTHONG_ERECEIPT_PASSWORD": PASSWORD})  # fmt: skip
        self.stdout.write(_("Biên lai điện tử: chưa cấu hình hệ thống biên lai, dùng bộ mô phỏng tại %(url)s.")
                          % {"url": url})  # fmt: skip
        return [sys.executable, "-m", "lienthong.payments.receipt_simulator", "--port", str(port)]

    def _prepare(self, *, with_demo: bool) -> None:
        self.stdout.write(_("Cơ sở dữ liệu: đang cập nhật cấu trúc…"))
        call_command("migrate", interactive=False, verbosity=0)
        # Collecting (and compressing) the static files takes a CPU for a while: it runs beside the demo's build,
        # which uses one, and the web server starts once both are done.
        static = subprocess.Popen(  # noqa: S603 — fixed argv, no shell
            [sys.executable, "-m", "lienthong", "collectstatic", "--noinput", "--verbosity", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            if with_demo and not Agency.objects.exists():
                self.stdout.write(_("Lần chạy đầu: đang tạo tỉnh mẫu Đồng Nai…"))
                demo_build(stdout=self.stdout)  # the accounts are printed once, in the banner
        finally:
            if static.poll() is None:
                self.stdout.write(_("Tệp tĩnh của giao diện (CSS, JavaScript): đang hoàn tất…"))
            output, _unused = static.communicate()
        if static.returncode:
            raise CommandError(_("Không chuẩn bị được tệp tĩnh (collectstatic):") + "\n" + output)
        self._sweep_outbox()

    def _sweep_outbox(self) -> None:
        """Deliver what an earlier run left in the outbox: a process stopped between a commit and the dispatch it
        would have enqueued leaves its rows undelivered until some dispatch runs (dossiers/tasks.py)."""
        from lienthong.dossiers.tasks import outbox_dispatch

        outbox_dispatch.enqueue()

    def _spawn(self, options) -> list[subprocess.Popen]:
        python = sys.executable
        web = web_server_argv(
            host=options["host"],
            port=options["port"],
            workers=options["web_workers"],
            threads=options["web_threads"],
            access_log=options["access_log"],
        )
        worker = [python, "-m", "lienthong", "db_worker", "--queue-name", WORKER_QUEUES, "--no-reload"]
        scheduler = [python, "-m", "lienthong", "scheduler"]  # enqueues the periodic tasks (launch/schedule.py)
        return [subprocess.Popen(argv) for argv in (web, worker, scheduler)]  # noqa: S603 — fixed argv, no shell

    def _await_web(self, probe: str, web: subprocess.Popen, stopping: Callable[[], bool]) -> bool:
        """Wait until the web server answers an HTTP request, so "running at" is true when it is printed; False if
        a stop was asked for meanwhile. A server that exits instead is reported plainly."""
        deadline, slow_said = time.monotonic() + PATIENCE, False
        while not stopping():
            if web.poll() is not None:
                raise CommandError(
                    _(
                        "Máy chủ web (gunicorn) đã dừng ngay khi khởi động (mã thoát %(code)s), nên Liên Thông "
                        "không chạy. Lý do ở các dòng nó in phía trên."
                    )
                    % {"code": web.returncode}
                )
            if _answers(probe):
                return True
            if not slow_said and time.monotonic() > deadline:
                self.stdout.write(_("Máy chủ web chưa trả lời sau %(s)d giây; vẫn đang chờ…") % {"s": PATIENCE})
                slow_said = True
            time.sleep(0.3)
        return False

    def _announce(self, url: str) -> None:
        self.stdout.write(self.style.SUCCESS("\n" + _("Liên Thông đang chạy tại %(url)s") % {"url": url}))
        self.stdout.write("  " + _("Một cửa điện tử (cán bộ): %(url)s") % {"url": f"{url}backoffice/"})
        self.stdout.write(
            "  " + _("Trang quản trị: %(admin)s   API: %(api)s") % {"admin": f"{url}admin/", "api": f"{url}api/v1/docs"}
        )
        self.stdout.write("  " + _("Dữ liệu: %(name)s") % {"name": settings.DATABASES["default"]["NAME"]})
        self.stdout.write(demo_accounts_text())
        self.stdout.write(_("Nhấn Ctrl+C để dừng.") + "\n")

    def _supervise(self, processes: list[subprocess.Popen], stopping: Callable[[], bool]) -> None:
        while not stopping() and all(p.poll() is None for p in processes):
            time.sleep(0.5)
        _stop(processes)
        failed = [p for p in processes if p.returncode not in (0, -signal.SIGTERM)]
        if not stopping() and failed:
            raise CommandError(_("Một tiến trình đã dừng bất thường; xem nhật ký ở trên."))


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _port_must_be_free(host: str, port: int) -> None:
    """Refuse at once, in words, a port another program listens on: gunicorn would retry, then exit with a
    traceback, after the newcomer had waited for the demo to be built."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
            probe.bind(address)
    except OSError as exc:
        if getattr(exc, "errno", None) == errno.EADDRINUSE:
            raise CommandError(
                _(
                    "Cổng %(port)d trên %(host)s đang được một chương trình khác dùng. Dừng chương trình đó, hoặc "
                    "chạy với cổng khác, ví dụ: lienthong start --port %(other)d"
                )
                % {"port": port, "host": host, "other": port + 1}
            ) from exc
        raise CommandError(
            _("Không mở được cổng %(port)d trên %(host)s: %(reason)s") % {"port": port, "host": host, "reason": exc}
        ) from exc


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _probe_url(host: str, port: int) -> str:
    """Where to ask whether the server answers: a wildcard address is asked on the loopback."""
    local = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)  # noqa: S104 — compared, not bound
    return f"http://{_url_host(local)}:{port}/{HEALTH_PATH}"


def _answers(url: str) -> bool:
    """Any HTTP answer counts (a 4xx too: the server is up); no proxy, whatever the environment says."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
