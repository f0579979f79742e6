"""`python -m lienthong.notify.simulator`, as the demo runs it: both providers answer over HTTP on their ports and
post their delivery reports to the callback URLs when they fall due."""

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lienthong.notify.simulator import SmsGateway


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post(url: str, body: dict, headers: dict | None = None) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",  # noqa: S310
                                     headers={"Content-Type": "application/json", **(headers or {})})  # fmt: skip
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 — a local test URL
        return json.loads(response.read())


def test_the_simulator_process_sends_and_reports_back():
    received: list[dict] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    sms_port, zns_port = _free_port(), _free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "lienthong.notify.simulator", "--sms-port", str(sms_port), "--zns-port", str(zns_port)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert "SMS gateway simulator at" in process.stdout.readline()
        callback = f"http://127.0.0.1:{receiver.server_address[1]}/report"
        reply = _post(f"http://127.0.0.1:{sms_port}/MainService.svc/json/SendMultipleMessage_V4_post_json/", {
            "ApiKey": SmsGateway.API_KEY, "SecretKey": SmsGateway.SECRET_KEY, "Brandname": SmsGateway.BRANDNAME,
            "Phone": "84912345678", "Content": "Ho so 1 da duoc tiep nhan", "RequestId": "r-1", "CallbackUrl": callback,
        })  # fmt: skip
        assert reply["CodeResult"] == "100"
        refused = _post(f"http://127.0.0.1:{zns_port}/message/template", {"phone": "84912345678"},
                        {"access_token": "nope"})  # fmt: skip
        assert refused == {"error": -216, "message": "Access token is invalid"}
        deadline = time.monotonic() + 5
        while not received and time.monotonic() < deadline:
            time.sleep(0.1)
        assert received == [{"SMSID": reply["SMSID"], "RequestId": "r-1", "Phone": "84912345678", "SendStatus": 5}]
    finally:
        process.terminate()
        process.wait(timeout=5)
        receiver.shutdown()
