"""The reference client (clients/python) as the department's software, over real HTTP against Django's live server:
it connects with a key from the gateway's service, reports a dossier from submission to return, walks the list by
cursor, beats and reconciles; and it retries a 503 and a lost answer with the same Idempotency-Key, so the work is
done once. Faults are injected by a small proxy in front of the live server."""

import http.server
import sys
import threading
import urllib.request
from collections import deque
from pathlib import Path

import pytest

from lienthong.dossiers.models import Dossier, DossierEvent
from lienthong.gateway.constants import Scope
from lienthong.gateway.services.credentials import key_create

# The client is imported from the checkout, as a unit's developer vendors it: nothing is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python"))
from lienthong_client import Client, ProblemError, RetryPolicy  # noqa: E402
from lienthong_client.cli import main as cli_main  # noqa: E402

from tests.files import PDF
from tests.signing.given import trusted_signed_pdf

# live_server answers from another thread: the data must be committed (a transactional test, flushed after).
pytestmark = pytest.mark.django_db(transaction=True)

APPLICANT = {"name": "Nguyễn Thị Hoa", "id_number": "075190001234", "phone": "0912345678"}
FORM = {"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "1990-05-17"}


class FaultyProxy:
    """A forwarding HTTP proxy before the live server; `faults` are taken one per request, in order:
    "503" answers 503 with Retry-After: 0 without forwarding, "drop" forwards, lets the server do the work, then
    closes the connection without an answer (the answer lost on the way back)."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.faults: deque[str] = deque()
        self.seen: list[tuple[str, str, str]] = []  # method, path, Idempotency-Key
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 — http.server's naming
                self._handle()

            def do_POST(self):  # noqa: N802
                self._handle()

            def log_message(self, *args):
                pass

            def _handle(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.seen.append((self.command, self.path, self.headers.get("Idempotency-Key", "")))
                fault = proxy.faults.popleft() if proxy.faults else ""
                if fault == "503":
                    self.send_response(503)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "11")
                    self.end_headers()
                    self.wfile.write(b"unavailable")
                    return
                status, headers, content = proxy.forward(self.command, self.path, self.headers, body)
                if fault == "drop":
                    self.close_connection = True
                    return
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in {"connection", "transfer-encoding", "content-length", "server", "date"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def forward(self, method, path, headers, body):
        names = ("Authorization", "Idempotency-Key", "Content-Type", "Accept", "Accept-Language")
        sent = {n: headers[n] for n in names if headers.get(n)}
        data = body if method == "POST" else None
        request = urllib.request.Request(self.upstream + path, data=data, method=method, headers=sent)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 — the live server
                return answer.status, answer.headers.items(), answer.read()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.items(), answer.read()

    def __enter__(self) -> "FaultyProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(live_server):
    with FaultyProxy(live_server.url) as running:
        yield running


@pytest.fixture
def lt(live_server, token):
    """The department's software: the reference client with the key the gateway issued; retries never sleep."""
    return Client(live_server.url, token, timeout=10, sleep=lambda seconds: None)


def test_a_system_connects_and_reports_a_dossier_from_submission_to_return(lt, system, local_procedure):
    # given: a heartbeat and the catalogue, as a newly connected system starts
    beat = lt.heartbeat(version="3.4.1", queue_depth=2)
    assert beat["previous_at"] is None and lt.heartbeat(version="3.4.1")["previous_at"] is not None
    procedures = lt.catalogue()
    assert [p["code"] for p in procedures] == ["1.001193"] and lt.procedure("1.001193")["form_schema"]
    # when: the dossier is created, moved step by step, given its result and returned
    created = lt.create_dossier(external_id="MC-1", procedure="1.001193", applicant=APPLICANT, form_data=FORM)
    code = created["code"]
    assert created["status"] == "submitted" and created["external_id"] == "MC-1"
    assert lt.act(code, "receive")["status"] == "received"
    assert lt.act(code, "forward")["status"] == "processing"
    assert lt.act(code, "complete_step", approve=True, note="Đủ điều kiện")["status"] == "result_ready"
    signed = trusted_signed_pdf(PDF)  # signed by the unit's software: an electronic return needs it
    attachment = lt.attach_result(code, filename="ket-qua.pdf", content=signed)
    returned = lt.act(code, "return", delivery="electronic")
    # then
    assert attachment["content_type"] == "application/pdf" and attachment["size"] == len(signed)
    assert returned["status"] == "returned" and returned["national_status"] == 10
    assert lt.dossier(code)["returned_at"] is not None
    assert DossierEvent.objects.filter(dossier__code=code).count() == 6


def test_the_client_walks_every_page_and_bulk_upserts_by_external_id(lt, local_procedure):
    items = [{"external_id": f"B-{n}", "procedure": "1.001193", "applicant": APPLICANT, "form_data": FORM,
              "actions": [{"action": "receive"}]} for n in range(5)]  # fmt: skip
    assert {i["outcome"] for i in lt.bulk_upsert(items)} == {"created"}
    assert {i["outcome"] for i in lt.bulk_upsert(items)} == {"unchanged"}
    # when
    walked = list(lt.iter_dossiers(limit=2, status="received"))
    # then: three pages of at most two, every dossier once
    assert sorted(d["external_id"] for d in walked) == [f"B-{n}" for n in range(5)]
    assert lt.list_dossiers(limit=2)["next_cursor"] is not None


def test_reconciliation_reports_where_the_counts_differ(lt, local_procedure):
    created = lt.create_dossier(external_id="MC-R", procedure="1.001193", applicant=APPLICANT, form_data=FORM)
    day = Dossier.objects.get(code=created["code"]).submitted_at.astimezone(_hcm()).date().isoformat()
    # when: the unit counts two submitted dossiers where we have one
    answer = lt.reconcile(day=day, counts=[{"procedure": "1.001193", "status": "submitted", "count": 2}])
    # then
    assert answer["in_agreement"] is False
    assert answer["differences"] == [{"procedure": "1.001193", "status": "submitted", "reported": 2, "ours": 1}]
    assert lt.reconciliation(day) == answer
    agreed = lt.reconcile(day=day, counts=[{"procedure": "1.001193", "status": "submitted", "count": 1}])
    assert agreed["in_agreement"]


def test_a_503_is_retried_with_the_same_key_and_the_work_done_once(proxy, token, local_procedure):
    waits: list[float] = []
    lt = Client(proxy.url, token, sleep=waits.append)
    proxy.faults.extend(["503", "503"])
    # when
    created = lt.create_dossier(external_id="MC-503", procedure="1.001193", applicant=APPLICANT, form_data=FORM)
    # then: three attempts with one key, Retry-After: 0 honoured, one dossier
    assert [s[0] for s in proxy.seen] == ["POST"] * 3 and len({s[2] for s in proxy.seen}) == 1
    assert waits == [0.0, 0.0]
    assert created["code"] and Dossier.objects.count() == 1


def test_a_lost_answer_is_retried_and_the_stored_response_replayed(proxy, token, local_procedure):
    lt = Client(proxy.url, token, sleep=lambda seconds: None)
    proxy.faults.append("drop")  # the server creates the dossier, its answer never arrives
    # when
    created = lt.create_dossier(external_id="MC-LOST", procedure="1.001193", applicant=APPLICANT, form_data=FORM)
    # then: the retry got the first attempt's response, and nothing was done twice
    assert lt.last_response.replayed
    assert len(proxy.seen) == 2 and proxy.seen[0][2] == proxy.seen[1][2]
    assert Dossier.objects.get().code == created["code"]
    assert DossierEvent.objects.count() == 1


def test_a_passed_key_replays_and_another_body_under_it_is_a_422_problem(lt, local_procedure):
    first = lt.heartbeat(version="1", idempotency_key="beat-1")
    again = lt.heartbeat(version="1", idempotency_key="beat-1")
    assert again == first and lt.last_response.replayed
    with pytest.raises(ProblemError) as refused:
        lt.heartbeat(version="2", idempotency_key="beat-1")
    assert (refused.value.status, refused.value.code) == (422, "gateway.idempotency_key_reused")


def test_a_problem_is_raised_with_its_fields_and_not_retried(proxy, system):
    reader = key_create(system=system, scopes=[Scope.CATALOGUE_READ], actor_label="test").token
    lt = Client(proxy.url, reader, language="en", sleep=lambda seconds: None)
    with pytest.raises(ProblemError) as refused:
        lt.create_dossier(external_id="X", procedure="1.001193", applicant=APPLICANT)
    problem = refused.value
    assert (problem.status, problem.type) == (403, "urn:lienthong:problem:gateway.scope_missing")
    assert problem.title and problem.detail and problem.instance == "/api/v1/systems/dossiers"
    assert problem.extensions == {"required_scope": "dossiers:write"}
    assert len(proxy.seen) == 1


def test_a_429_whose_retry_after_is_too_long_is_raised_not_waited_for(live_server, system):
    # A day's window: with a minute's, the second call fell in the window's last 5 s about one run in twelve, was
    # told to wait 5 s or less, waited, and went through (the windows are fixed, core.ratelimit).
    token = key_create(system=system, scopes=Scope.values, rate="1/86400", actor_label="test").token
    waits: list[float] = []
    lt = Client(live_server.url, token, retry=RetryPolicy(max_retry_after=5), sleep=waits.append)
    lt.heartbeat()
    with pytest.raises(ProblemError) as limited:
        lt.heartbeat()
    assert limited.value.status == 429 and int(limited.value.headers["retry-after"]) > 5
    assert waits == []


def test_the_command_line_takes_the_key_from_the_environment(live_server, token, monkeypatch, capsys):
    monkeypatch.setenv("LIENTHONG_API_KEY", token)
    assert cli_main(["--base-url", live_server.url, "heartbeat", "--version", "cli"]) == 0
    assert '"received_at"' in capsys.readouterr().out
    monkeypatch.setenv("LIENTHONG_API_KEY", "lt_00000000_wrong")
    assert cli_main(["--base-url", live_server.url, "dossiers"]) == 1
    assert "gateway.unauthenticated" in capsys.readouterr().err


def _hcm():
    import zoneinfo

    return zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
