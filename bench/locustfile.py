"""A province's day as a Locust load profile (issue 17 §5; docs/performance.md, "Locust: a steady day and a 5x spike"):
desk officers receiving paper dossiers with a scan and opening their inbox, connected systems creating dossiers and
reading them back through the API (with an Idempotency-Key), citizens reading the home page, the procedure's page
and the procedure search. A steady number of users, then five times as many, then back (`DaySpikeShape`).

The province comes from deploy/netns/province.py (`bench/load_province.py` writes it as JSON); run against any
deployment, for example one gunicorn node and one worker on PostgreSQL (docs/performance.md has the commands):

    LT_GIVEN=given.json LT_USERS=10 LT_STEADY=60 LT_SPIKE=60 .venv/bin/locust -f bench/locustfile.py --headless \\
        --host http://127.0.0.1:8000 --csv var/locust/run --only-summary

Every request is named by kind, not by URL, so the figures are per kind. Tracking by code is left out: its per-address
rate limit (one load generator is one address) would answer 429 by design.
"""

import io
import json
import os
import uuid

from locust import HttpUser, LoadTestShape, between, task

GIVEN = json.loads(open(os.environ.get("LT_GIVEN", "given.json"), encoding="utf-8").read())  # noqa: SIM115, PTH123
HOST_NAME = os.environ.get("LT_HOST_NAME", "")  # the site's name when the server is reached by address


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


PDF = _pdf()


class _Site(HttpUser):
    abstract = True

    def on_start(self) -> None:
        if HOST_NAME:
            self.client.headers["Host"] = HOST_NAME


class DeskOfficer(_Site):
    """A receiving officer at the commune's service centre: signs in once, then receives and looks at the inbox."""

    weight = 2
    wait_time = between(2, 6)

    def on_start(self) -> None:
        super().on_start()
        self.client.get("/backoffice/login/", name="desk: sign-in page")
        self.client.post("/backoffice/login/", name="desk: sign in", allow_redirects=False, data={
            "username": GIVEN["officer"], "password": GIVEN["password"],
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
        })  # fmt: skip

    @task(3)
    def receive(self) -> None:
        document = GIVEN["document_id"]
        data = {
            "channel": "counter", "applicant_kind": "citizen", "applicant_name": "Nguyễn Thị Hoa",
            "applicant_id_number": "075190001234", "applicant_phone": "0912345678",
            "applicant_address": "Phường Trấn Biên, Đồng Nai", "result_delivery": "at_desk", "summary": "",
            "form__ho_ten": "Nguyễn Thị Hoa", "form__ngay_sinh": "1990-05-17", f"doc_{document}": "on",
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
        }  # fmt: skip
        url = f"/backoffice/intake/{GIVEN['agency_id']}/{GIVEN['version_id']}/"
        files = {f"scan_{document}": ("to-khai.pdf", PDF, "application/pdf")}
        with self.client.post(url, data=data, files=files, allow_redirects=False, name="desk: receive with a scan",
                              catch_response=True) as answer:  # fmt: skip
            if answer.status_code != 302:
                answer.failure(f"{answer.status_code}")

    @task(2)
    def inbox(self) -> None:
        self.client.get("/backoffice/", name="desk: inbox")


class ConnectedSystem(_Site):
    """A unit's one-stop system: creates dossiers and reads them back."""

    weight = 2
    wait_time = between(1, 4)

    def on_start(self) -> None:
        super().on_start()
        self.client.headers["Authorization"] = f"Bearer {GIVEN['token']}"
        self.codes: list[str] = []

    @task(3)
    def create(self) -> None:
        body = {
            "external_id": f"LT-{uuid.uuid4().hex[:16]}", "procedure": GIVEN["procedure"],
            "applicant": {"name": "Trần Văn An", "id_number": "075190005678", "phone": "0987654321"},
            "form_data": {"ho_ten": "Trần Văn An", "ngay_sinh": "1988-02-01"},
        }  # fmt: skip
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        with self.client.post(
            "/api/v1/systems/dossiers", json=body, name="api: create", headers=headers, catch_response=True
        ) as answer:
            if answer.status_code == 201:
                self.codes.append(answer.json()["code"])
                del self.codes[:-20]
            else:
                answer.failure(f"{answer.status_code}")

    @task(2)
    def read(self) -> None:
        if self.codes:
            self.client.get(f"/api/v1/systems/dossiers/{self.codes[-1]}", name="api: read a dossier")


class Citizen(_Site):
    """Someone looking for how to do a procedure."""

    weight = 4
    wait_time = between(2, 8)

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="public: home")

    @task(3)
    def procedure(self) -> None:
        self.client.get(f"/thu-tuc/{GIVEN['procedure']}/", name="public: procedure page")

    @task(1)
    def search(self) -> None:
        self.client.get("/thu-tuc/", params={"q": "khai sinh"}, name="public: procedure search")


class DaySpikeShape(LoadTestShape):
    """LT_USERS for LT_STEADY seconds, five times as many for LT_SPIKE seconds, LT_USERS again for LT_STEADY."""

    users = int(os.environ.get("LT_USERS", "10"))
    steady = float(os.environ.get("LT_STEADY", "60"))
    spike = float(os.environ.get("LT_SPIKE", "60"))

    def tick(self):
        elapsed = self.get_run_time()
        if elapsed < self.steady:
            return self.users, self.users
        if elapsed < self.steady + self.spike:
            return self.users * 5, self.users * 5
        if elapsed < 2 * self.steady + self.spike:
            return self.users, self.users * 5
        return None
