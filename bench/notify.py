"""The soak and throughput of issue 15 at full size: 10,000 notifications through the Zalo ZNS and SMS simulators and
a real SMTP server, released at a steady rate (50/s) while worker threads send them with the per-provider rate limits
on, and a baseline in the same run: the e-mail path (letters through SMTP) at the same rate.

    .venv/bin/python bench/notify.py [--messages 10000] [--rate 50] [--baseline 2000]   # a temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt_bench_notify .venv/bin/python bench/notify.py

Three processes, as deployed: the simulators (`python -m lienthong.notify.simulator --repeat 2`, each report
posted twice), the site under gunicorn receiving the reports (bench/receive.py's Server, the production WSGI entry
point), and this one: worker threads running notify_due_run in a loop (what `notify_due` runs every minute) and an
SMTP server (aiosmtpd). The messages are written first, each due at `start + n / rate` (the producer is the outbox
in production, another process: here it cannot hold the workers back), then the workers send them as they fall due.

Faults, all at once: 5% of phones not on Zalo (-118), the Zalo quota spent for the last 3% (-124), 2% whose Zalo
receipt never comes, 2% whose receipt comes after SMS has taken over (late), 1% refused by the SMS gateway too (99),
every report posted twice, every 10th event a complaint's letter to an e-mail address as well, and a worker killed
once mid-send (between a provider's answer and its recording) and replaced.

It prints, for the baseline and the phone run: messages per second sent (first due to last sent), the due-to-request
p50/p95 (the aim: p95 < 5 s at 50 msg/s), the most requests any provider took in one second against its rate limit;
and checks what the CI soak checks (tests/notify/test_a_soak_across_channels_…): every message final after the
72-hour run (time-travelled), exactly one message per event and channel, every hard Zalo failure re-sent by SMS once,
no provider request or e-mail twice, no rate window over its limit. Exits 1 if a check fails.
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
    parser.add_argument("--baseline", type=int, default=2000, help="e-mail letters sent first, the baseline")
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
                           "LIENTHONG_SMS_RATE": "30/1", "LIENTHONG_ZNS_RATE": "50/1",
                           "LIENTHONG_NOTIFY_QUIET_HOURS": "off", "LIENTHONG_ZNS_RECEIPT_SECONDS": "30",
                           "LIENTHONG_NOTIFY_STUCK_SECONDS": "20"})  # fmt: skip
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
                    return run(args, sms_port, zns_port, connection)
            finally:
                simulators.terminate()
                simulators.wait(timeout=10)


class Smtp:
    """A local SMTP server that keeps each e-mail's Message-ID (aiosmtpd, as the tests' server)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.ids: list[str] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=_free_port())

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 — aiosmtpd's hook name
        import email

        self.ids.append(email.message_from_bytes(envelope.content)["Message-ID"])
        return "250 OK"


def _schedule(rate: float, pks: list[int]) -> dict[int, float]:
    """Each message due at start + n / rate (start a second from now); the due instants, by message."""
    from lienthong.notify.models import Message

    start = time.time() + 1.0
    due = {pk: start + n / rate for n, pk in enumerate(pks)}
    for first in range(0, len(pks), 500):
        rows = [
            Message(pk=pk, send_after=dt.datetime.fromtimestamp(due[pk], tz=dt.UTC)) for pk in pks[first : first + 500]
        ]
        Message.objects.bulk_update(rows, ["send_after"])
    return due


def _workers(count: int, connection, stop: threading.Event, go: threading.Event) -> list:
    """Worker threads sending what is due while `go` is set (cleared while the bench writes messages)."""
    from lienthong.notify import delivery

    def worker() -> None:
        try:
            while not stop.is_set():
                if not go.is_set():
                    time.sleep(0.05)
                elif not delivery.notify_due_run(limit=100)["sent"]:
                    time.sleep(0.01)
        except SystemExit:
            print("  a worker was killed mid-send; a new one starts", flush=True)  # noqa: T201
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    threads.append(worker)  # the target, for replacements (the last item)
    return threads


def _drain(threads: list, real, until) -> None:
    while not until():
        _replace_dead(threads, real)
        time.sleep(0.05)


def _per_second(instants: list[float]) -> int:
    return max(Counter(int(t) for t in instants).values(), default=0)


def _report(name: str, due: dict, sent: dict, rate: float) -> tuple[float, float]:
    """Messages per second from the first due instant to the last request, and the due-to-request p95."""
    latencies = [sent[k] - due[k] for k in due if k in sent]
    span = max(sent[k] for k in due if k in sent) - min(due.values())
    throughput = len(latencies) / span if span > 0 else float("nan")
    print(f"{name}: {len(latencies)} sent, released at {rate:g}/s: {throughput:.1f} msg/s sustained; due → request "  # noqa: T201
          f"p50 {percentile(latencies, 0.5):.3f} s, p95 {percentile(latencies, 0.95):.3f} s, "
          f"max {max(latencies):.2f} s")  # fmt: skip
    return throughput, percentile(latencies, 0.95)


def run(args, sms_port: int, zns_port: int, connection) -> int:  # noqa: PLR0915
    import time_machine
    from django.conf import settings

    from lienthong.core.ratelimit import rate_parse
    from lienthong.notify import delivery
    from lienthong.notify.constants import FINAL_STATUSES, MessageChannel
    from lienthong.notify.letters import letter_queue
    from lienthong.notify.models import Message

    total, rate = args.messages, args.rate
    smtp = Smtp()
    smtp.controller.start()
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.controller.port
    letter = {"sender": "Trần Thị Lan", "title": "Đèn đường", "agency": "UBND phường", "answer": "Đã sửa.",
              "link": "https://dichvucong.example.vn/phan-anh-kien-nghi/tra-cuu/", "answered_at": None}  # fmt: skip
    stop, go, real = threading.Event(), threading.Event(), delivery.message_sent
    threads = _workers(args.workers, connection, stop, go)
    enqueue, delivery._enqueue = delivery._enqueue, lambda pk: None  # the workers' periodic run sends; no task rows
    try:
        # -- the baseline: the e-mail path, letters through SMTP at the same rate ------------------------------------
        made = time.monotonic()
        for n in range(args.baseline):
            letter_queue(key=uuid.uuid4(), kind="complaint_answered", data={**letter, "code": f"PAKN-B{n:05d}"},
                         emails=[f"nguoi{n}@example.vn"])  # fmt: skip
        pks = list(Message.objects.order_by("pk").values_list("pk", flat=True))
        print(f"baseline: {len(pks)} e-mails written in {time.monotonic() - made:.1f} s", flush=True)  # noqa: T201
        due = _schedule(rate, pks)
        go.set()
        _drain(
            threads, real, lambda: not Message.objects.filter(pk__in=pks, status__in=["created", "sending"]).exists()
        )
        sent = {pk: at.timestamp() for pk, at in Message.objects.filter(pk__in=pks).values_list("pk", "sent_at")}
        baseline = _report("baseline, e-mail through SMTP", due, sent, rate)
        baseline_ids = len(smtp.ids)

        # -- the phone run: Zalo, SMS (and e-mail letters) with every fault -------------------------------------------
        sms_url, zns_url = f"http://127.0.0.1:{sms_port}", f"http://127.0.0.1:{zns_port}"
        phones = [f"849{i:08d}" for i in range(total)]
        not_on_zalo, silent, late = set(phones[7::20]), set(phones[3::50]), set(phones[11::50])
        sms_refused = set(phones[7::100])
        _call(f"{zns_url}/_sim/program", [{"phone": p, "refuse": -118} for p in not_on_zalo]
              + [{"phone": p, "callback": False} for p in silent]
              + [{"phone": p, "delay": 45} for p in late])  # fmt: skip
        _call(f"{sms_url}/_sim/program", [{"phone": p, "refuse": "99"} for p in sms_refused])
        quota = total - len(not_on_zalo) - int(total * 0.03)
        _call(f"{zns_url}/_sim/quota", {"remaining": quota, "daily": quota})
        go.clear()
        time.sleep(1)  # a run under way ends
        made = time.monotonic()
        events = []
        first_pk = (Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        for n, phone in enumerate(phones):
            key = uuid.uuid4()
            events.append(str(key))
            if n % 10 == 0:
                letter_queue(key=key, kind="complaint_answered", data={**letter, "code": f"PAKN-{n:05d}"},
                             emails=[f"p{n}@example.vn"], phone=phone)  # fmt: skip
            else:
                payload = {"applicant": f"Người nộp {n}", "code": f"H19-{n:06d}", "due": "17:00 25/02/2026"}
                delivery.phone_route(recipient=phone, dossier=None, envelope={"id": str(key), "kind": "received",
                                                                            "payload": payload})  # fmt: skip
        pks = list(Message.objects.filter(pk__gte=first_pk).order_by("pk").values_list("pk", flat=True))
        print(f"phone run: {total} events, {len(pks)} messages written in {time.monotonic() - made:.1f} s",  # noqa: T201
              flush=True)  # fmt: skip
        answered = Counter()

        def killed_once(**arguments):
            answered["n"] += 1
            if answered["n"] == total // 3:
                raise SystemExit("worker killed")
            return real(**arguments)

        delivery.message_sent = killed_once
        due = _schedule(rate, pks)
        go.set()
        _drain(threads, real, lambda: not Message.objects.filter(pk__in=pks, status="created").exists())
        uuids = dict(Message.objects.filter(pk__in=pks).values_list("uuid", "pk"))
        zns_sends = _call(f"{zns_url}/_sim/state")["sends"]
        sms_sends = _call(f"{sms_url}/_sim/state")["sends"]
        requested = {uuids[uuid.UUID(s["tracking_id"])]: s["at"] for s in zns_sends}
        email_sent = dict(Message.objects.filter(pk__in=pks, channel="email").values_list("pk", "sent_at"))
        requested |= {pk: at.timestamp() for pk, at in email_sent.items() if at}
        first_due = {pk: due[pk] for pk in requested}
        phone_run = _report("phone run, Zalo (and e-mail letters) with faults, rate limits on", first_due, requested,
                            rate)  # fmt: skip
        limits = {c: rate_parse(settings.LIENTHONG_NOTIFY_RATES[c]) for c in ("zns", "sms")}
        claims = {c: [at.timestamp() for at in Message.objects.filter(channel=c).values_list("sent_at", flat=True)
                      if at]
                  for c in ("zns", "sms")}  # fmt: skip
        print(f"  most requests in one second: Zalo {_per_second([s['at'] for s in zns_sends])} (limit "  # noqa: T201
              f"{limits['zns'].count}/{limits['zns'].seconds:g}s), SMS {_per_second([s['at'] for s in sms_sends])} "
              f"(limit {limits['sms'].count}/{limits['sms'].seconds:g}s)")  # fmt: skip

        time.sleep(settings.LIENTHONG_ZNS_RECEIPT_SECONDS + 1)  # the silent and late ones' receipt time passes
        _drain(threads, real, lambda: not Message.objects.filter(status="created").exists()
               and not Message.objects.filter(channel=MessageChannel.ZNS, status="sending", fallbacks__isnull=True,
                                              recipient__in=list(silent | late)).exists())  # fmt: skip
        time.sleep(settings.LIENTHONG_NOTIFY_STUCK_SECONDS + 1)  # a claim the killed worker left goes again
        _drain(threads, real, lambda: not Message.objects.filter(status="created").exists())
        deadline = time.monotonic() + 90  # the last reports arrive (the late ones 45 s after their send)
        while (Message.objects.filter(status="sending").exclude(recipient__in=silent).exists()
               and time.monotonic() < deadline):  # fmt: skip
            time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads[:-1]:
            thread.join()
        delivery.message_sent, delivery._enqueue = real, enqueue
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=73)):
        delivery.notify_due_run(limit=total * 3)
    smtp.controller.stop()

    zns_sends = _call(f"{zns_url}/_sim/state")["sends"]
    sms_sends = _call(f"{sms_url}/_sim/state")["sends"]
    messages = list(Message.objects.filter(pk__gte=first_pk))  # the phone run's, its SMS fallbacks included
    zns_messages = [m for m in messages if m.channel == MessageChannel.ZNS]
    hard = [m for m in zns_messages if m.error_code in ("-118", "-124")]
    fallbacks = Counter(m.fallback_of_id for m in messages if m.channel == MessageChannel.SMS and m.fallback_of_id)
    per_event = Counter((str(m.event_uuid), m.channel) for m in messages)
    per_second = {c: Counter(int(t) for t in claims[c]) for c in claims}
    checks = {
        "every message final (72-hour run)": all(m.status in FINAL_STATUSES for m in Message.objects.all()),
        "one message per event and channel": max(per_event.values()) == 1
        and {e for e, c in per_event if c == "zns"} == set(events),
        "every hard Zalo failure re-sent by SMS once": all(fallbacks[m.pk] == 1 for m in hard),
        "no message re-sent twice by SMS": max(fallbacks.values(), default=0) <= 1,
        "0 duplicate Zalo requests": max(Counter(s["tracking_id"] for s in zns_sends).values(), default=0) == 1,
        "0 duplicate SMS requests": max(Counter(s["RequestId"] for s in sms_sends).values(), default=0) == 1,
        "0 duplicate e-mails": max(Counter(smtp.ids).values(), default=0) == 1,
        "every e-mail letter sent": len(smtp.ids) == baseline_ids + total // 10 and baseline_ids == args.baseline,
        "no rate window over its limit": all(
            max(per_second[c].values(), default=0) <= limits[c].count for c in per_second
        ),  # fmt: skip
    }
    statuses = Counter((m.channel, m.status) for m in messages)
    print(f"Zalo: {len(zns_sends)} sent, {dict(Counter(m.error_code for m in hard))} hard failures; SMS: "  # noqa: T201
          f"{len(sms_sends)} sent; e-mail {len(smtp.ids)}; statuses {dict(statuses)}")  # fmt: skip
    print(f"{connection.vendor}, {args.workers} worker threads: baseline e-mail {baseline[0]:.1f} msg/s (p95 "  # noqa: T201
          f"{baseline[1]:.2f} s); phone run {phone_run[0]:.1f} msg/s (p95 {phone_run[1]:.2f} s)")  # fmt: skip
    for name, ok in checks.items():
        print(f"  {'ok ' if ok else 'FAIL'} {name}")  # noqa: T201
    return 0 if all(checks.values()) else 1


def _replace_dead(workers: list, real) -> None:
    """A killed worker is replaced by a new one (and nothing kills again); the list's last item is the target."""
    from lienthong.notify import delivery

    target = workers.pop()
    for thread in list(workers):
        if not thread.is_alive() and thread.ident is not None and not getattr(thread, "replaced", False):
            thread.replaced = True
            delivery.message_sent = real
            workers.append(threading.Thread(target=target))
            workers[-1].start()
    workers.append(target)


if __name__ == "__main__":
    sys.exit(main())
