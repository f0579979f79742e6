"""A commune service centre with its own software connected, a one-stop procedure handled there, and helpers to
call the systems' API as that software does."""

import socket
import uuid
from decimal import Decimal

import pytest
from django.core.cache import cache

from lienthong.catalogue.models import Field, Procedure, ProcedureVersion, ProcessStep, RequiredDocument
from lienthong.core import calendar_store
from lienthong.dossiers.services import Applicant
from lienthong.gateway.constants import Scope, SystemKind
from lienthong.gateway.services.credentials import key_create, system_create
from lienthong.gateway.webhooks import addresses, listening
from lienthong.org.constants import Level, Role
from tests.dossiers.conftest import FORM_SCHEMA, officers, province  # noqa: F401 — fixtures reused

API = "/api/v1/systems"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate windows, last-used marks and call counters of one test never leak into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    """The names webhook URLs resolve to, answered here (name → addresses) rather than by DNS, so a test means the
    same offline and online; literal addresses and localhost resolve as usual, any other name does not."""
    names: dict[str, list[str]] = {"localhost": ["127.0.0.1"]}

    def resolve(host: str, port: int):
        found = []
        for address in names.get(host, [host]):  # not a listed name: a literal address, or no answer
            try:
                found += socket.getaddrinfo(address, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
            except socket.gaierror as exc:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from exc
        return found

    monkeypatch.setattr(addresses, "resolve", resolve)
    return names


@pytest.fixture
def still_recheck_clocks(monkeypatch):
    """For tests that compare two calls' statements: the answers each process keeps and reads again every few
    seconds of the monotonic clock — the work calendar (LIENTHONG_CALENDAR_RECHECK_SECONDS) and whether any system
    listens for webhooks (LIENTHONG_WEBHOOK_RECHECK_SECONDS, an `EXISTS` on the subscriptions) — which freezing time
    does not stop: on a loaded machine one of the two calls crossed a recheck now and then and made one statement
    more. Their clocks stand still here; the test's set-up has read both answers by the time it compares."""
    monkeypatch.setattr(calendar_store, "_clock", lambda: 0.0)
    monkeypatch.setattr(listening, "_clock", lambda: 0.0)


@pytest.fixture
def local_procedure(province):  # noqa: F811
    """A commune procedure done wholly at the commune's service centre: receive, process and approve, return."""
    field = Field.objects.create(code="H19-HOTICH", name="Hộ tịch")
    version = ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(national_code="1.001193", field=field), decision="QĐ 2/QĐ-UBND",
        name="Đăng ký khai sinh", time_limit_value=Decimal(1), time_limit_unit="working_days", online_level="full",
        form_schema=FORM_SCHEMA,
    )  # fmt: skip
    RequiredDocument.objects.create(version=version, position=1, name="Tờ khai đăng ký khai sinh", copy_kind="original")
    centre = province["commune_centre"]
    for position, name, role, actions in [
        (1, "Tiếp nhận", Role.RECEIVER, ["receive"]),
        (2, "Xử lý và phê duyệt", Role.SPECIALIST, ["process", "approve"]),
        (3, "Trả kết quả", Role.RECEIVER, ["return_result"]),
    ]:
        ProcessStep.objects.create(version=version, position=position, name=name, level=Level.COMMUNE, agency=centre,
                                   role=role, actions=actions, quota_hours=Decimal(4))  # fmt: skip
    return version


@pytest.fixture
def system(province):  # noqa: F811
    return system_create(agency=province["commune_centre"], name="Một cửa phường Trấn Biên", kind=SystemKind.ONE_STOP,
                         vendor="VNPT")  # fmt: skip


@pytest.fixture
def other_system(province):  # noqa: F811
    return system_create(agency=province["centre"], name="Một cửa tỉnh", kind=SystemKind.ONE_STOP)


@pytest.fixture
def token(system):
    return key_create(system=system, scopes=Scope.values, actor_label="test").token


@pytest.fixture
def other_token(other_system):
    return key_create(system=other_system, scopes=Scope.values, actor_label="test").token


class SystemClient:
    """The Django test client speaking as a system: its key on every call, an Idempotency-Key on every POST."""

    def __init__(self, client, token: str):
        self.client, self.token = client, token

    def get(self, path: str, **params):
        return self.client.get(API + path, params, HTTP_AUTHORIZATION=f"Bearer {self.token}")

    def post(self, path: str, body=None, *, key: str | None = None, **extra):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}", "HTTP_IDEMPOTENCY_KEY": key or uuid.uuid4().hex}
        if "data" in extra:  # multipart
            return self.client.post(API + path, extra.pop("data"), **headers, **extra)
        return self.client.post(API + path, body or {}, content_type="application/json", **headers, **extra)


@pytest.fixture
def api(client, token):
    return SystemClient(client, token)


@pytest.fixture
def other_api(client, other_token):
    return SystemClient(client, other_token)


@pytest.fixture
def new_dossier():
    def make(external_id: str = "MC-1", **changes):
        applicant = Applicant(name="Nguyễn Thị Hoa", id_number="075190001234", phone="0912345678")
        body = {
            "external_id": external_id, "procedure": "1.001193",
            "applicant": {"name": applicant.name, "id_number": applicant.id_number, "phone": applicant.phone},
            "form_data": {"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "1990-05-17"},
        }  # fmt: skip
        return body | changes

    return make


from tests.gateway.webhook_support import receiver, subscription  # noqa: E402, F401 — the webhook tests' fixtures
