"""`core.bulk`'s batch writers (`rows_insert`, `rows_update`, `rows_insert_columns`: every batch of a connected
system's bulk call) send each column as `bulk_create` would — `get_db_prep_save` of each value — and skip that call
only where it changes nothing: text, whole numbers, booleans and integer keys of exactly those types, or None."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils.functional import lazy

from lienthong.core import bulk
from lienthong.dossiers.models import Dossier, DossierEvent, StepInstance
from lienthong.gateway.models import SystemDossier

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime")]

NOW = dt.datetime(2026, 12, 7, 8, 30, tzinfo=dt.UTC)
lazy_text = lazy(lambda: "Hồ sơ", str)
# Values of each kind a batch's rows hold, and some that must go through the field's own preparation.
SAMPLES = [None, "", "Nguyễn Thị Hoa", 0, 7, 2**40, True, False, NOW, dt.date(2026, 12, 7), Decimal("1.50"),
           {"a": [1, 2.5, "x"]}, ["x"], uuid.UUID(int=7), lazy_text(), 3.0]  # fmt: skip


def _samples_for(field) -> list:
    """The samples the field could be given without Django itself refusing them."""
    good = []
    for value in SAMPLES:
        try:
            field.get_db_prep_save(value, connection)
        except (TypeError, ValueError, AttributeError, ValidationError):
            continue
        good.append(value)
    return good


def _sent(values: list) -> list:
    """Prepared values as compared: psycopg's JSON wrapper (PostgreSQL) by its type and what it wraps."""
    return [(type(v).__name__, repr(v.obj)) if type(v).__name__ in {"Json", "Jsonb"} else v for v in values]


@pytest.mark.parametrize("model", [Dossier, DossierEvent, StepInstance, SystemDossier])
def test_every_column_is_prepared_as_django_prepares_it(model):
    for field in model._meta.concrete_fields:
        values = _samples_for(field)
        expected = _sent([field.get_db_prep_save(value, connection) for value in values])
        for value, want in zip(values, expected, strict=True):  # alone, and among the others
            assert _sent(bulk._column(field, [value], connection)) == [want], (field, value)
        assert _sent(bulk._column(field, values, connection)) == expected, field


def test_plain_columns_are_passed_without_a_call_per_value(monkeypatch):
    calls = []
    original = models.CharField.get_db_prep_save
    monkeypatch.setattr(models.CharField, "get_db_prep_save",
                        lambda self, value, conn: calls.append(value) or original(self, value, conn))  # fmt: skip
    name = Dossier._meta.get_field("applicant_name")
    texts = ["Nguyễn Thị Hoa", "", None] * 100

    assert bulk._column(name, texts, connection) == texts
    assert calls == []
    # one value Django must prepare (a lazy translation) and the whole column goes through the field, as before
    assert bulk._column(name, [*texts, lazy_text()], connection) == [*texts, "Hồ sơ"]
    assert len(calls) == 301


def test_a_field_with_its_own_pre_save_still_stamps_the_row():
    updated_at = Dossier._meta.get_field("updated_at")  # auto_now: pre_save sets the instant
    dossier = Dossier(updated_at=None)
    (stamped,) = bulk._saved(updated_at, [dossier])
    assert stamped is not None and dossier.updated_at == stamped
