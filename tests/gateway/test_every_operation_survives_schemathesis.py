"""Issues 5 and 11 (points 17 and 19.6), must show: schemathesis generates requests for every operation of the
committed document, docs/openapi.json — valid ones and near-misses, path parameters included — and every answer
keeps the contract: no server error, a documented status, a documented media type (problems are
application/problem+json), documented headers (Idempotent-Replayed, Retry-After) and a body that validates against
the documented schema.

It runs in-process through the WSGI application (the same middleware and handlers as production) with a connected
system's key holding every scope, against the dossier tests' small province with one procedure, one dossier of the
system's agency, a subscription with a dead letter, a heartbeat and a reconciliation report. Path parameters are
generated as the document allows, and half the time those whose name the world knows are replaced by a value that
exists, so the operations that read one thing are also answered with a real one, not only with 404s."""

import json
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lienthong.dossiers.constants import Channel
from lienthong.dossiers.models import DossierEvent
from lienthong.dossiers.services import Applicant, dossier_submit_online
from lienthong.gateway.constants import Scope, SystemKind
from lienthong.gateway.services.credentials import key_create, system_create
from lienthong.gateway.services.reports import heartbeat_record, reconciliation_submit
from lienthong.gateway.webhooks.constants import DeliveryState
from lienthong.gateway.webhooks.models import WebhookDelivery
from lienthong.gateway.webhooks.services import subscription_create
from tests.dossiers.conftest import form_data, procedure  # noqa: F401

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
schema = schemathesis.openapi.from_path(DOCUMENT)
schema.app = get_wsgi_application()
EXAMPLES = 12  # per operation: enough for the shapes of each body and parameter, short enough for every CI run
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXISTING: dict[str, list] = {}  # path parameter name → values that exist in the current test's world


@schema.hook
def flatmap_path_parameters(context, path_parameters: dict | None) -> st.SearchStrategy:
    """As generated, or with the parameters whose name the world knows set to a value that exists."""
    known = {name: st.sampled_from(EXISTING[name]) for name in path_parameters or {} if EXISTING.get(name)}
    if not known:
        return st.just(path_parameters)
    existing = st.fixed_dictionaries({name: known.get(name, st.just(value)) for name, value in path_parameters.items()})
    return st.one_of(st.just(path_parameters), existing)


@pytest.fixture
def connections_kept():
    """The WSGI handler closes the database connection after each request; inside a test's transaction it must not
    (Django's test client disconnects the same handler for the same reason)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(province, procedure, form_data, system, token, settings, connections_kept):  # noqa: F811
    settings.LIENTHONG_GATEWAY_KEY_RATE = "off"
    dossier = dossier_submit_online(
        agency=province["commune_centre"], version=procedure, channel=Channel.CONNECTED_SYSTEM,
        applicant=Applicant(name="Nguyễn Thị Hoa", id_number="075190001234", phone="0912345678"), form_data=form_data,
    )  # fmt: skip
    subscription = subscription_create(system=system, url="https://93.184.216.34/lienthong/hooks", kinds=[])
    now = timezone.now()
    dead = WebhookDelivery.objects.create(
        subscription=subscription, event=DossierEvent.objects.filter(dossier=dossier).first(), dossier_id=dossier.pk,
        state=DeliveryState.DEAD, attempts=10, available_at=now, dead_at=now, last_status=503, last_error="HTTP 503",
    )  # fmt: skip
    heartbeat_record(system=system, version="3.4.1", queue_depth=2)
    day = timezone.localdate(dossier.submitted_at)
    reconciliation_submit(system=system, day=day, counts=[{"procedure": "1.012753", "status": "received", "count": 2}])
    # The board's reads admit only a provincial system: the province's operations centre, holding board:read.
    centre = system_create(agency=province["centre"], name="Trung tâm điều hành", kind=SystemKind.ONE_STOP)
    board_token = key_create(system=centre, scopes=[Scope.BOARD_READ], actor_label="test").token
    EXISTING.clear()
    EXISTING.update(
        code=[dossier.code, procedure.procedure.national_code],
        day=[day.isoformat()],
        agency_id=[system.agency_id, centre.agency_id],
        system_id=[system.pk, centre.pk],
        subscription_id=[subscription.pk],
        delivery_id=[dead.pk],
    )
    yield {"system": {"Authorization": f"Bearer {token}"}, "board": {"Authorization": f"Bearer {board_token}"}}
    EXISTING.clear()


def test_every_operation_of_the_document_is_generated_path_parameters_included():
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    operations = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    generated = {(result.ok().method.upper(), result.ok().path) for result in schema.get_all_operations()}
    assert generated == operations


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_to_a_generated_request_keeps_the_contract(case, world):
    headers = world["board"] if case.path.startswith("/api/v1/board") else world["system"]
    case.call_and_validate(headers=headers, checks=CHECKS)
