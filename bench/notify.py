"""The soak of issue 15 at full size: 10,000 notifications through the Zalo ZNS and SMS simulators, enqueued at a
steady rate while a worker sends them — 5% of phones not on Zalo (-118), 3% past the daily quota (-124), 2% whose
Zalo receipt never comes — every report delivered twice, the worker killed once mid-run and replaced.

    .venv/bin/python bench/notify.py [--messages 10000] [--rate 50]           # a temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt_bench_notify .venv/bin/python bench/notify.py

Three processes, as deployed: the simulators (`python -m lienthong.notify.simulator --repeat 2`, each report
posted twice), the site under gunicorn receiving the reports (bench/receive.py's Server, the production WSGI entry
point), and this one: a producer enqueuing at `--rate` and `--workers` worker threads running notify_due_run in a
loop (what `notify_due` runs every minute). The kill is an exception thrown between a provider's answer and its
recording, as a process killed there leaves it; a new worker takes over.

It prints messages per second from enqueue to provider request through the workers, the enqueue-to-Zalo-request
p50/p95 (the aim: p95 < 5 s at 50 msg/s), and checks what the CI soak checks (tests/notify/test_a_soak_…): every
message in a final status after the 72-hour timeout's run, every hard Zalo failure re-sent by SMS exactly once, no
provider request twice for one message. Exits 1 if a check fails.
"""

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from receive import Server, _free_port  # noqa: E402
from receive_fixture import bench_environ, fresh_database  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def _call(url: str, body: object | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — the local simulator
        return json.loads(response.read())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=50.0, help="messages enqueued per second")
    parser.add_argument("--workers", type=int, default=2, help="worker threads sending (each its own connection)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lienthong-bench-") as data_dir:
        bench_environ(data_dir)
        os.environ["DJANGO_SETTINGS_MODULE"] = "track_settings"  # the project's urls (the callbacks) and /bare
        from lienthong.notify.simulator.__main__ import settings_for

        sms_port, zns_port = _free_port(), _free_port()
        server = Server(clients=8, threads=4, env={}, log_dir=Path(data_dir))
        site = f"http://127.0.0.1:{server.port}"
        os.environ.update(settings_for(host="127.0.0.1", sms_port=sms_port, zns_port=zns_port))
        os.environ.update({"LIENTHONG_NOTIFY_CALLBACK_URL": site, "LIENTHONG_NOTIFY_CALLBACK_TOKEN": "bench",
                           "LIENTHONG_SMS_RATE": "off", "LIENTHONG_ZNS_RATE": "off",
                           "LIENTHONG_NOTIFY_QUIET_HOURS": "off", "LIENTHONG_ZNS_RECEIPT_SECONDS": "30"})  # fmt: skip
        import django

        django.setup()
        from django.db import connection

        with fresh_database("test_lt_bench_notify") as db_name:
            server.env = {**os.environ, "LIENTHONG_BENCH_DB_NAME": db_name}
            simulators = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
                [sys.executable, "-m", "lienthong.notify.simulator", "--sms-port", str(sms_port), "--zns-port",
                 str(zns_port), "--zns-callback", f"{site}/thong-bao/bao-nhan/zns/", "--repeat", "2"],
                stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            try:
                simulators.stdout.readline()
                with server:
                    return run(args.messages, args.rate, args.workers, sms_port, zns_port, connection)
            finally:
                simulators.terminate()
                simulators.wait(timeout=10)


def run(total: int, rate: float, worker_count: int, sms_port: int, zns_port: int, connection) -> int:  # noqa: PLR0915
    import time_machine
    from django.conf import settings

    from lienthong.notify import delivery
    from lienthong.notify.constants import FINAL_STATUSES, MessageChannel
    from lienthong.notify.models import Message

    sms_url, zns_url = f"http://127.0.0.1:{sms_port}", f"http://127.0.0.1:{zns_port}"
    phones = [f"849{i:08d}" for i in range(total)]
    not_on_zalo, silent = set(phones[7::20]), set(phones[3::50])
    _call(f"{zns_url}/_sim/program", [{"phone": p, "refuse": -118} for p in not_on_zalo]
          + [{"phone": p, "callback": False} for p in silent])  # fmt: skip
    quota = total - len(not_on_zalo) - int(total * 0.03)
    _call(f"{zns_url}/_sim/quota", {"remaining": quota, "daily": quota})

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
                    time.sleep(0.02)
        except SystemExit:
            print(f"worker killed after {answered['n']} answers; a new one starts", flush=True)  # noqa: T201
        finally:
            connection.close()

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
    zns_sends = _call(f"{zns_url}/_sim/state")["sends"]
    latencies = [s["at"] - created[s["tracking_id"]] for s in zns_sends if s["tracking_id"] in created]

    time.sleep(settings.LIENTHONG_ZNS_RECEIPT_SECONDS + 1)  # the silent ones' receipt time passes
    while delivery.notify_due_run()["fallback"] or Message.objects.filter(status="created").exists():
        time.sleep(0.1)
    done.set()
    for thread in workers:
        thread.join()
    deadline = time.monotonic() + 60  # the last reports arrive
    while (
        Message.objects.filter(status="sending").exclude(recipient__in=silent).exists() and time.monotonic() < deadline
    ):
        time.sleep(0.5)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=73)):
        delivery.notify_due_run(limit=total * 2)

    zns_sends = _call(f"{zns_url}/_sim/state")["sends"]
    sms_sends = _call(f"{sms_url}/_sim/state")["sends"]
    messages = list(Message.objects.all())
    zns_messages = [m for m in messages if m.channel == MessageChannel.ZNS]
    hard = [m for m in zns_messages if m.error_code in ("-118", "-124")]
    fallbacks = Counter(m.fallback_of_id for m in messages if m.channel == MessageChannel.SMS and m.fallback_of_id)
    tracking = Counter(s["tracking_id"] for s in zns_sends)
    request_ids = Counter(s["RequestId"] for s in sms_sends)
    checks = {
        "every message final": all(m.status in FINAL_STATUSES for m in messages),
        "every hard Zalo failure re-sent by SMS once": all(fallbacks[m.pk] == 1 for m in hard),
        "no message re-sent twice by SMS": max(fallbacks.values(), default=0) <= 1,
        "0 duplicate Zalo requests": max(tracking.values(), default=0) == 1,
        "0 duplicate SMS requests": max(request_ids.values(), default=0) == 1,
    }
    print(f"{connection.vendor}: {total} messages enqueued at {rate:g}/s in {enqueued:.1f} s; all sent after "  # noqa: T201
          f"{sent_all:.1f} s = {total / sent_all:.1f} msg/s through {worker_count} worker threads")  # fmt: skip
    print(f"enqueue → Zalo request: p50 {percentile(latencies, 0.5):.3f} s, p95 {percentile(latencies, 0.95):.3f} s"  # noqa: T201
          f" (aim < 5 s)")  # fmt: skip
    print(f"Zalo: {len(zns_sends)} sent, {dict(Counter(m.error_code for m in hard))} hard failures; SMS: "  # noqa: T201
          f"{len(sms_sends)} sent; statuses {dict(Counter((m.channel, m.status) for m in messages))}")  # fmt: skip
    for name, ok in checks.items():
        print(f"  {'ok ' if ok else 'FAIL'} {name}")  # noqa: T201
    return 0 if all(checks.values()) else 1


def _replace_dead(workers: list, target, real) -> None:
    """A killed worker is replaced by a new one (and nothing kills again)."""
    from lienthong.notify import delivery

    for thread in list(workers):
        if not thread.is_alive() and thread.ident is not None and not getattr(thread, "replaced", False):
            thread.replaced = True
            delivery.message_sent = real
            workers.append(threading.Thread(target=target))
            workers[-1].start()


if __name__ == "__main__":
    sys.exit(main())
