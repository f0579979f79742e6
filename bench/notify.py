"""The soak of issue 15 at full size: 10,000 notifications through the Zalo ZNS and SMS simulators, enqueued at a
steady rate while a worker sends them — 5% of phones not on Zalo (-118), 3% past the daily quota (-124), 2% whose
Zalo receipt never comes — every report delivered twice, the worker killed once mid-run and replaced.

    .venv/bin/python bench/notify.py [--messages 10000] [--rate 50]           # a temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt_bench_notify .venv/bin/python bench/notify.py

It prints messages per second from enqueue to provider request through the worker, the enqueue-to-provider p50/p95
(the aim: p95 < 5 s at 50 msg/s), and checks what the CI soak checks (tests/notify/test_a_soak_…): every message
in a final status after the 72-hour timeout's run, every hard Zalo failure re-sent by SMS exactly once, no provider
request twice for one message. The worker is notify_due_run in a thread (what `notify_due` runs every minute, here
in a loop); the kill is an exception thrown between a provider's answer and its recording, as a process killed
there leaves it. Exits 1 if a check fails.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from receive_fixture import fresh_database  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=50.0, help="messages enqueued per second")
    parser.add_argument("--workers", type=int, default=2, help="worker threads sending (each its own connection)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lienthong-bench-") as data_dir:
        os.environ["DJANGO_SETTINGS_MODULE"] = "lienthong.settings"
        os.environ["LIENTHONG_DEBUG"] = "false"
        os.environ.setdefault("LIENTHONG_LOG_LEVEL", "WARNING")
        if not os.environ.get("DATABASE_URL"):
            os.environ["LIENTHONG_DATA_DIR"] = data_dir
        import django

        django.setup()
        with fresh_database("test_lt_bench_notify"):
            return run(args.messages, args.rate, args.workers)


def run(total: int, rate: float, worker_count: int) -> int:  # noqa: PLR0915 — one story, told in order
    import time_machine
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from lienthong.core.http import public_url
    from lienthong.notify import delivery
    from lienthong.notify.constants import FINAL_STATUSES, MessageChannel
    from lienthong.notify.models import Message
    from lienthong.notify.simulator import SmsGateway, ZaloZns, provider_running

    phones = [f"849{i:08d}" for i in range(total)]
    not_on_zalo, silent = set(phones[7::20]), set(phones[3::50])
    sms, zns = SmsGateway(), ZaloZns()
    for phone in not_on_zalo:
        zns.program(phone, refuse=-118)
    for phone in silent:
        zns.program(phone, callback=False)
    zns.daily_quota = zns.remaining_quota = total - len(not_on_zalo) - int(total * 0.03)
    zns_callback = public_url(reverse("notify:callback", args=["zns"]))
    with provider_running(sms) as sms_server, provider_running(zns, callback_url=zns_callback) as zns_server:
        settings.LIENTHONG_SMS_URL = sms_server.url
        settings.LIENTHONG_SMS_API_KEY, settings.LIENTHONG_SMS_SECRET_KEY = sms.API_KEY, sms.SECRET_KEY
        settings.LIENTHONG_SMS_BRANDNAME = sms.BRANDNAME
        settings.LIENTHONG_ZNS_URL = settings.LIENTHONG_ZNS_OAUTH_URL = zns_server.url
        settings.LIENTHONG_ZNS_APP_ID, settings.LIENTHONG_ZNS_SECRET_KEY = zns.APP_ID, zns.SECRET_KEY
        settings.LIENTHONG_ZNS_OA_SECRET, settings.LIENTHONG_ZNS_REFRESH_TOKEN = zns.OA_SECRET, zns.refresh_token
        settings.LIENTHONG_NOTIFY_CALLBACK_TOKEN = "bench"  # noqa: S105 — a local simulator
        settings.LIENTHONG_NOTIFY_RATES = {"sms": "off", "zns": "off"}
        settings.LIENTHONG_NOTIFY_QUIET_HOURS = "off"
        settings.LIENTHONG_ZNS_RECEIPT_SECONDS = 30
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

        done = threading.Event()
        real, answered = delivery.message_sent, Counter()

        def killed_once(**arguments):
            answered["n"] += 1
            if answered["n"] == total // 3:
                raise SystemExit("worker killed")
            return real(**arguments)

        delivery.message_sent = killed_once

        def worker() -> None:
            try:
                while not done.is_set():
                    if not delivery.notify_due_run(limit=200)["sent"]:
                        time.sleep(0.05)
            except SystemExit:
                print(f"worker killed after {answered['n']} answers; a new one starts", flush=True)  # noqa: T201
            finally:
                connection.close()

        client = Client()

        def reports() -> int:
            count = 0
            for provider in (zns, sms):
                for callback in provider.due_callbacks():
                    path = callback.url.split("://", 1)[1].split("/", 1)[1]
                    for _ in range(2):  # every report twice, as a provider retrying
                        client.post("/" + path, data=callback.body, content_type="application/json",
                                    headers=callback.headers)  # fmt: skip
                        count += 1
            return count

        def reporter() -> None:  # the providers' reports arrive while the worker sends, as they would
            while not done.is_set():
                reports()
                time.sleep(0.2)
            connection.close()

        threading.Thread(target=reporter, daemon=True).start()
        workers = [threading.Thread(target=worker) for _ in range(worker_count)]
        for thread in workers:
            thread.start()
        started = time.monotonic()
        for n, phone in enumerate(phones):
            envelope = {
                "id": str(uuid.uuid4()),
                "kind": "received",
                "payload": {"applicant": f"Người nộp {n}", "code": f"H19-{n:06d}", "due": "17:00 25/02/2026"},
            }
            delivery.phone_route(recipient=phone, dossier=None, envelope=envelope)
            _replace_dead(workers, worker, real)
            time.sleep(max(0.0, started + (n + 1) / rate - time.monotonic()))
        enqueued = time.monotonic() - started
        while Message.objects.filter(status="created").exists():
            _replace_dead(workers, worker, real)
            time.sleep(0.05)
        sent_all = time.monotonic() - started
        created = {str(u): c.timestamp() for u, c in Message.objects.values_list("uuid", "created_at")}
        latencies = [s["at"] - created[s["tracking_id"]] for s in zns.sends if s["tracking_id"] in created]

        reports()
        time.sleep(settings.LIENTHONG_ZNS_RECEIPT_SECONDS + 0.5)  # the silent ones' receipt time passes
        while delivery.notify_due_run()["fallback"] or Message.objects.filter(status="created").exists():
            pass
        done.set()
        for thread in workers:
            thread.join()
        reports()
        with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=73)):
            delivery.notify_due_run(limit=total * 2)

    messages = list(Message.objects.all())
    zns_messages = [m for m in messages if m.channel == MessageChannel.ZNS]
    hard = [m for m in zns_messages if m.error_code in ("-118", "-124")]
    fallbacks = Counter(m.fallback_of_id for m in messages if m.channel == MessageChannel.SMS)
    tracking = Counter(s["tracking_id"] for s in zns.sends)
    request_ids = Counter(s["RequestId"] for s in sms.sends)
    checks = {
        "every message final": all(m.status in FINAL_STATUSES for m in messages),
        "every hard Zalo failure re-sent by SMS once": all(fallbacks[m.pk] == 1 for m in hard),
        "no message re-sent twice by SMS": max(fallbacks.values(), default=0) <= 1,
        "0 duplicate Zalo requests": max(tracking.values(), default=0) == 1,
        "0 duplicate SMS requests": max(request_ids.values(), default=0) == 1,
    }
    print(f"{connection.vendor}: {total} messages enqueued at {rate:g}/s in {enqueued:.1f} s; all sent after "  # noqa: T201
          f"{sent_all:.1f} s = {total / sent_all:.1f} msg/s through the worker")  # fmt: skip
    print(f"enqueue → Zalo request: p50 {percentile(latencies, 0.5):.3f} s, p95 {percentile(latencies, 0.95):.3f} s"  # noqa: T201
          f" (aim < 5 s)")  # fmt: skip
    print(f"Zalo: {len(zns.sends)} sent, {Counter(m.error_code for m in hard)} hard failures; SMS: {len(sms.sends)} "  # noqa: T201
          f"sent; statuses {dict(Counter((m.channel, m.status) for m in messages))}")  # fmt: skip
    for name, ok in checks.items():
        print(f"  {'ok ' if ok else 'FAIL'} {name}")  # noqa: T201
    return 0 if all(checks.values()) else 1


def _replace_dead(workers: list, target, real) -> None:
    """A killed worker is replaced by a new one (and nothing kills again)."""
    from lienthong.notify import delivery

    for index, thread in enumerate(workers):
        if not thread.is_alive() and thread.ident is not None and index >= 0 and not getattr(thread, "replaced", 0):
            thread.replaced = 1
            delivery.message_sent = real
            workers.append(threading.Thread(target=target))
            workers[-1].start()


if __name__ == "__main__":
    sys.exit(main())
