"""The three endpoints bench/receive.py drives, on the production middleware stack and WSGI entry point.

- GET /bare: "ok", no database — the floor of a request through Django on this server.
- POST /insert: parses the same JSON body as /receive and inserts one row in one transaction — the baseline.
- POST /receive: `dossier_receive` at the bench's desk, as a desk officer ticking the mandatory documents of a
  complete paper dossier: role check, form and checklist validation, due date, code, dossier, event, outbox row.
  With several desks (bench/receive.py --desks) successive requests go to the desks in turn.

The officer, desk and procedure (with its documents, prefetched: the desk's form shows them as the checklist) are
read once per process: what is measured is receiving, not signing in or looking up the procedure (a real view would
add its session and two lookups, two or three indexed reads).
The POST views are CSRF-exempt (the client has no cookie); session and auth middleware stay in the stack but cost
nothing without a cookie (both are lazy). A database error is answered 503 with its message so the load
generator can count "database is locked" apart from other failures.
"""

import functools
import itertools
import json
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from lienthong.catalogue.models import ProcedureVersion
from lienthong.core.events import subscribe, subscriptions_for
from lienthong.dossiers.constants import Channel, EventKind
from lienthong.dossiers.services import Applicant, DossierError, dossier_receive
from lienthong.org.constants import Role
from lienthong.org.models import Agency
from receive_fixture import INSERT_TABLE, OFFICER, PROCEDURE_CODE

# Production writes one outbox row per receipt for notify's e-mail subscriber; should notify ever stop listening to
# receipts, a dummy subscriber keeps that row in the measurement.
if not subscriptions_for(EventKind.RECEIVED):
    subscribe("bench.dummy", lambda envelope: None, kinds=[EventKind.RECEIVED])

_INSERT = f"INSERT INTO {INSERT_TABLE} (at, note) VALUES (%s, %s)"  # noqa: S608 — our own table name


@dataclass(frozen=True)
class Desk:
    officer: object
    agencies: tuple[Agency, ...]  # where the officer receives, in the order requests go to them
    version: ProcedureVersion
    documents: frozenset[int]


@functools.cache
def desk() -> Desk:
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username=OFFICER)
    version = ProcedureVersion.objects.prefetch_related("documents").get(
        procedure__national_code=PROCEDURE_CODE, is_current=True
    )
    return Desk(
        officer=officer,
        agencies=tuple(
            Agency.objects.filter(officer_roles__user=officer, officer_roles__role=Role.RECEIVER).order_by("pk")
        ),
        version=version,
        documents=frozenset(version.documents.filter(is_mandatory=True).values_list("pk", flat=True)),
    )


_turn = itertools.count()  # next() on a count is atomic under the GIL


def _text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


@require_GET
def bare(request):
    return _text("ok")


@csrf_exempt
@require_POST
def insert(request):
    data = json.loads(request.body)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_INSERT, [timezone.now(), data["applicant"]["name"]])
    except DatabaseError as exc:
        return _text(f"{type(exc).__name__}: {exc}", status=503)
    return _text("ok")


@csrf_exempt
@require_POST
def receive(request):
    data = json.loads(request.body)
    at = desk()
    agency = at.agencies[next(_turn) % len(at.agencies)]
    try:
        dossier = dossier_receive(
            officer=at.officer, agency=agency, version=at.version, channel=Channel.COUNTER,
            applicant=Applicant(**data["applicant"]), form_data=data["form"], documents_present=set(at.documents),
        )  # fmt: skip
    except DossierError as exc:
        return _text(f"DossierError: {exc}", status=400)
    except DatabaseError as exc:
        return _text(f"{type(exc).__name__}: {exc}", status=503)
    return _text(dossier.code)


urlpatterns = [path("bare", bare), path("insert", insert), path("receive", receive)]
