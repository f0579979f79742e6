"""The urlconf of bench/sync: the project's own routes (so /api/v1/systems/dossiers/bulk is the production handler
with the production middleware) and, beside them, the baselines every figure is read against.

- GET /bare: "ok", no database.
- POST /insert-batch: takes the same bulk body, parses it, and inserts one short row per item in one transaction
  (one executemany) — the least a server can do to store N updates it was sent.
"""

import json

from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from lienthong.urls import urlpatterns as production
from receive_fixture import INSERT_TABLE

_INSERT = f"INSERT INTO {INSERT_TABLE} (at, note) VALUES (%s, %s)"  # noqa: S608 — our own table name


def _text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


@require_GET
def bare(request):
    return _text("ok")


@csrf_exempt
@require_POST
def insert_batch(request):
    items = json.loads(request.body)["items"]
    now = timezone.now()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(_INSERT, [(now, item["external_id"]) for item in items])
    except DatabaseError as exc:
        return _text(f"{type(exc).__name__}: {exc}", status=503)
    return HttpResponse(json.dumps({"items": [{"outcome": "created"} for _ in items]}), content_type="application/json")


urlpatterns = [path("bare", bare), path("insert-batch", insert_batch), *production]
