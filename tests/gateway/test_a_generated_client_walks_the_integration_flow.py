"""Issue 19, must show: a Python client generated from the committed docs/openapi.json by openapi-python-client
walks the whole integration flow of docs/integration.md against a live server, every call through the generated
client only: the catalogue, a dossier created with an Idempotency-Key and its replay, moved through its steps,
given its result and returned, heartbeats, cursor pages, reconciliation, webhooks (subscribe, deliver, dead letter,
replay, rotate, delete), public tracking, the board and the calendar, and a problem answer. The client parses every
answer with the document's schemas, so a response that differs from the document fails here (the heartbeat and the
tracking's agency did, with KeyError).

The client is generated offline into a temporary folder (no post-generation hook: they would need ruff on PATH),
once per session; it is a test artefact, not committed."""

import datetime as dt
import importlib
import json
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from openapi_python_client import generate
from openapi_python_client.config import Config, ConfigFile, MetaType

from lienthong.dossiers.models import DossierEvent
from lienthong.gateway.constants import Scope, SystemKind
from lienthong.gateway.services.credentials import key_create, system_create
from lienthong.gateway.webhooks.constants import DeliveryState
from lienthong.gateway.webhooks.models import WebhookDelivery
from tests.files import PDF  # a real one-page PDF: uploads are parsed
from tests.gateway.webhook_support import run_tasks
from tests.signing.given import trusted_signed_pdf

# live_server answers from another thread: the data must be committed (a transactional test, flushed after).
pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
PACKAGE = "lien_thong_api_client"  # derived by the generator from the document's title
APPLICANT = {"name": "Nguyễn Thị Hoa", "id_number": "075190001234", "phone": "0912345678"}
FORM = {"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "1990-05-17"}


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """The generated package, imported: `.errors` are the generator's complaints (none expected)."""
    folder = tmp_path_factory.mktemp("generated-client")
    config = Config.from_sources(ConfigFile(post_hooks=[]), MetaType.NONE, DOCUMENT, "utf-8", overwrite=True,
                                 output_path=folder / PACKAGE)  # fmt: skip
    errors = generate(config=config)
    sys.path.insert(0, str(folder))
    try:
        package = importlib.import_module(PACKAGE)
        yield SimpleNamespace(package=package, folder=folder / PACKAGE, errors=errors)
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _operation(generated, operation_id: str):
    """The generated module of an operation, wherever the generator filed it (by tag)."""
    [found] = list((generated.folder / "api").glob(f"*/{operation_id}.py"))
    return importlib.import_module(f"{PACKAGE}.api.{found.parent.name}.{operation_id}")


def test_the_generator_takes_the_document_without_complaint_and_makes_every_operation(generated):
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    operation_ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]

    assert [(e.level.value, e.header, e.detail) for e in generated.errors] == []
    for operation_id in operation_ids:
        assert callable(_operation(generated, operation_id).sync_detailed), operation_id


def test_a_generated_client_walks_the_integration_flow(
    generated, live_server, system, token, province, local_procedure, receiver
):
    m = importlib.import_module(f"{PACKAGE}.models")
    op = SimpleNamespace(**{p.stem: _operation(generated, p.stem) for p in (generated.folder / "api").glob("*/*.py")
                            if p.stem != "__init__"})  # fmt: skip
    lt = generated.package.AuthenticatedClient(base_url=live_server.url, token=token, raise_on_unexpected_status=True)
    public = generated.package.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    def key() -> str:
        return str(uuid.uuid4())

    # health and the calendar, without a key
    assert op.health.sync(client=public).status == "ok"
    due = op.calendar_add.sync(client=public, start=dt.datetime(2026, 2, 13, 16, tzinfo=dt.UTC), amount=3,
                               unit=m.CalendarAddTimeUnit.WORKING_DAYS)  # fmt: skip
    assert isinstance(due, m.CalendarAddOut) and due.due > due.start
    assert any(day.kind == "day_off" for day in op.calendar_days.sync(client=public, year=2026))

    # 1. the system says it is alive, reads the catalogue
    beat = op.system_heartbeat.sync(
        client=lt, body=m.HeartbeatIn(version="3.4.1", queue_depth=2), idempotency_key=key()
    )
    assert isinstance(beat, m.HeartbeatOut) and beat.previous_at is None
    second = op.system_heartbeat.sync(client=lt, body=m.HeartbeatIn(version="3.4.1"), idempotency_key=key())
    assert second.previous_at == beat.received_at
    assert [p.code for p in op.system_catalogue_list.sync(client=lt)] == ["1.001193"]
    procedure = op.system_catalogue_get.sync("1.001193", client=lt)
    assert isinstance(procedure, m.ProcedureOut) and procedure.documents[0].is_mandatory

    # 2. it subscribes its endpoint (this machine, allowed by the receiver fixture) to every event
    subscription = op.system_webhook_create.sync(client=lt, body=m.SubscriptionIn(url=receiver.url, kinds=[]),
                                                 idempotency_key=key())  # fmt: skip
    assert isinstance(subscription, m.SubscriptionSecretOut) and subscription.secret.startswith("whsec_")
    receiver.secret = subscription.secret
    receiver.answers.append(410)  # the first event is refused: a dead letter to replay below

    # 3. a dossier created under an Idempotency-Key; the same call again is the stored answer, done once
    new = m.DossierIn(external_id="MC-1", procedure="1.001193", applicant=m.ApplicantIn(**APPLICANT),
                      form_data=m.DossierInFormData.from_dict(FORM))  # fmt: skip
    first = op.system_dossier_create.sync_detailed(client=lt, body=new, idempotency_key="create-MC-1")
    again = op.system_dossier_create.sync_detailed(client=lt, body=new, idempotency_key="create-MC-1")
    assert first.status_code == again.status_code == 201 and again.parsed == first.parsed
    assert "Idempotent-Replayed" not in first.headers and again.headers["Idempotent-Replayed"] == "true"
    code = first.parsed.code
    assert first.parsed.status == "submitted" and DossierEvent.objects.filter(dossier__code=code).count() == 1

    # 4. moved through its steps, given its result, returned
    def act(action: str, **fields):
        answer = op.system_dossier_act.sync(code, client=lt, body=m.ActionIn(action=m.ReportAction(action), **fields),
                                            idempotency_key=key())  # fmt: skip
        assert isinstance(answer, m.DossierDetailOut), answer
        return answer

    assert act("receive").status == "received"
    assert act("forward").active_steps[0].agency_code == "000.00.98.H19"
    assert act("complete_step", approve=True, note="Đủ điều kiện").status == "result_ready"
    signed = trusted_signed_pdf(PDF)  # signed by the unit's software: an electronic return needs it
    result = op.system_dossier_result_attach.sync(
        code, client=lt, idempotency_key=key(),
        body=m.SystemDossierResultAttachFileParams(file=generated.package.types.File(
            payload=signed, file_name="ket-qua.pdf", mime_type="application/pdf")),
    )  # fmt: skip
    assert isinstance(result, m.AttachmentOut)
    assert (result.content_type, result.size) == ("application/pdf", len(signed))
    returned = act("return", delivery=m.ResultDelivery.ELECTRONIC)
    assert returned.status == "returned" and returned.national_status == 10
    assert op.system_dossier_get.sync(code, client=lt).returned_at is not None

    # 5. a backfill, then every dossier once by cursor pages of two
    receive, form = m.ActionIn(action=m.ReportAction("receive")), m.BulkItemInFormData.from_dict(FORM)
    items = [m.BulkItemIn(external_id=f"B-{n}", procedure="1.001193", applicant=m.ApplicantIn(**APPLICANT),
                          form_data=form, actions=[receive]) for n in range(3)]  # fmt: skip
    upserted = op.system_dossier_bulk_upsert.sync(client=lt, body=m.BulkIn(items=items), idempotency_key=key())
    assert {item.outcome for item in upserted.items} == {m.BulkItemOutOutcome.CREATED}
    walked, cursor = [], ""
    while True:
        page = op.system_dossier_list.sync(client=lt, cursor=cursor, limit=2)
        walked += [d.external_id for d in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sorted(walked) == ["B-0", "B-1", "B-2", "MC-1"]

    # 6. the day's counts reconciled
    day = dt.date.fromisoformat(first.parsed.submitted_at.astimezone(_hcm()).date().isoformat())
    counts = [m.CountIn(procedure="1.001193", status=m.Status.RETURNED, count=2)]
    report = op.system_reconciliation_submit.sync(client=lt, body=m.ReconciliationIn(day=day, counts=counts),
                                                  idempotency_key=key())  # fmt: skip
    assert report.in_agreement is False and op.system_reconciliation_get.sync(day, client=lt) == report

    # 7. the events went to the endpoint, signed; the refused one is a dead letter, replayed with its id
    run_tasks()
    assert receiver.received and all(r.verified for r in receiver.received)
    [dead] = op.system_webhook_deliveries.sync(client=lt, state=m.DeliveryState.DEAD)
    replayed = op.system_webhook_replay.sync(dead.id, client=lt, idempotency_key=key())
    assert isinstance(replayed, m.DeliveryOut) and replayed.state == m.DeliveryState.PENDING
    run_tasks()
    assert WebhookDelivery.objects.get(pk=dead.id).state == DeliveryState.DELIVERED
    assert receiver.received[-1].webhook_id == dead.webhook_id
    rotated = op.system_webhook_rotate_secret.sync(subscription.id, client=lt, idempotency_key=key())
    assert rotated.secret != subscription.secret
    assert [s.id for s in op.system_webhook_list.sync(client=lt)] == [subscription.id]
    assert op.system_webhook_delete.sync_detailed(subscription.id, client=lt).status_code == 204
    assert op.system_webhook_list.sync(client=lt) == []

    # 8. the applicant tracks it without an account
    tracked = op.track.sync(client=public, code=code, digits=APPLICANT["phone"][-4:])
    assert isinstance(tracked, m.TrackOut) and tracked.status == "returned"
    assert tracked.receiving_agency.name == province["commune_centre"].name

    # 9. the province's operations centre reads the board: the unit, its system and its heartbeats
    centre = system_create(agency=province["centre"], name="Trung tâm điều hành", kind=SystemKind.ONE_STOP)
    board = generated.package.AuthenticatedClient(base_url=live_server.url, raise_on_unexpected_status=True,
                                                  token=key_create(system=centre, scopes=[Scope.BOARD_READ],
                                                                   actor_label="test").token)  # fmt: skip
    assert system.agency_id in [a.id for a in op.board_list.sync(client=board).agencies]
    assert op.board_agency.sync(system.agency_id, client=board).systems[0].id == system.pk
    detail = op.board_system.sync(system.pk, client=board)
    assert [b.version for b in detail.heartbeats] == ["3.4.1", "3.4.1"]

    # 10. a refusal is a problem, parsed as one
    missing = op.system_dossier_get.sync_detailed("000.00.98.H19-260213-9999", client=lt)
    assert missing.status_code == 404 and missing.headers["Content-Type"] == "application/problem+json"
    assert isinstance(missing.parsed, m.Problem) and missing.parsed.type_ == "urn:lienthong:problem:gateway.not_found"


def _hcm():
    import zoneinfo

    return zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
