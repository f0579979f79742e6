"""Issue 5, must show: schemathesis generates requests for every operation of the committed OpenAPI document —
valid ones and near-misses — and none answers a server error. It runs in-process through the WSGI application
(the same middleware and handlers as production) with a connected system's key holding every scope, against the
dossier tests' small province with one procedure and one dossier of the system's agency."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from lienthong.dossiers.constants import Channel
from lienthong.dossiers.services import Applicant, dossier_submit_online
from lienthong.gateway.constants import Scope, SystemKind
from lienthong.gateway.services.credentials import key_create, system_create
from tests.dossiers.conftest import form_data, procedure  # noqa: F401

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
EXAMPLES = 12  # per operation: enough for the shapes of each body and parameter, short enough for every CI run


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
    dossier_submit_online(agency=province["commune_centre"], version=procedure, channel=Channel.CONNECTED_SYSTEM,
                          applicant=Applicant(name="Nguyễn Thị Hoa", id_number="075190001234", phone="0912345678"),
                          form_data=form_data)  # fmt: skip
    # The board's reads admit only a provincial system: the province's operations centre, holding board:read.
    centre = system_create(agency=province["centre"], name="Trung tâm điều hành", kind=SystemKind.ONE_STOP)
    board_token = key_create(system=centre, scopes=[Scope.BOARD_READ], actor_label="test").token
    return {"system": {"Authorization": f"Bearer {token}"}, "board": {"Authorization": f"Bearer {board_token}"}}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case, world):
    headers = world["board"] if case.path.startswith("/api/v1/board") else world["system"]
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
