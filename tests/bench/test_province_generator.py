"""bench/province.py, the province-sized data set, on a small scale: the rows it writes are the application's own —
codes in the national format and unique, chains that verify, a realistic open share, pages that open them.

PostgreSQL only (it writes by COPY). The demo province is built once for the module and ~2,000 dossiers generated
into it, in this process, inside a transaction rolled back at the end (tests/demo/conftest.py's `built`)."""

import importlib
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from lienthong.dossiers.constants import TERMINAL_STATUSES
from lienthong.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, StepInstance
from lienthong.dossiers.services.audit import chain_verify
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from lienthong.national.simulator.contract import DOSSIER_CODE
from tests.demo.conftest import built

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator writes by COPY on PostgreSQL"),
]
BENCH = Path(__file__).resolve().parents[2] / "bench"
COUNT, CHUNK = 2000, 500


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    sys.path.insert(0, str(BENCH))
    province = importlib.import_module("province")
    with built(django_db_blocker, history=0):
        yield province.province_generate(dossiers=COUNT, chunk=CHUNK, workers=0, drop_indexes=False, seed=7)


def test_it_writes_the_dossiers_asked_for_with_their_steps_events_and_sync_states(generated):
    assert Dossier.objects.count() == COUNT == generated["dossiers"]
    assert DossierEvent.objects.count() == generated["events"] > 5 * COUNT
    assert StepInstance.objects.count() == generated["steps"] > 2 * COUNT
    coded = Dossier.objects.exclude(code=None).count()
    assert NationalSync.objects.count() == coded
    states = Counter(NationalSync.objects.values_list("state", flat=True))
    assert states[SyncState.SYNCED] > 0.95 * coded


def test_codes_are_unique_in_the_national_format_and_the_counters_continue_them(generated):
    codes = list(Dossier.objects.exclude(code=None).values_list("code", "agency__identifier_code", "agency_id"))
    assert len(codes) > 0.99 * COUNT
    assert len({code for code, _, _ in codes}) == len(codes)
    numbers: dict[tuple, list[int]] = {}
    for code, agency_code, agency_id in codes:
        match = DOSSIER_CODE.match(code)
        assert match, code
        assert match["unit"] == agency_code
        numbers.setdefault((agency_id, match["day"]), []).append(int(match["number"]))
    # Gap-free per agency and day, and the counter holds the last number, so a live receipt continues after it.
    counters = {
        (a, f"{d:%y%m%d}"): last for a, d, last in DossierCodeCounter.objects.values_list("agency", "day", "last")
    }
    for key, issued in numbers.items():
        assert sorted(issued) == list(range(1, len(issued) + 1)), key
        assert counters[key] == len(issued)


def test_a_sample_of_event_chains_verifies(generated):
    assert generated["audit_breaks"] == 0
    ids = list(Dossier.objects.order_by("?").values_list("pk", flat=True)[:200])
    assert chain_verify(dossier_ids=ids) == []


def test_a_realistic_share_is_still_open_and_some_were_late_or_supplemented(generated):
    statuses = Counter(Dossier.objects.values_list("status", flat=True))
    open_share = sum(n for status, n in statuses.items() if status not in TERMINAL_STATUSES) / COUNT
    assert 0.015 <= open_share <= 0.05
    assert generated["late"] > 0.05 * generated["returned"]
    assert generated["supplemented"] > 0.01 * COUNT
    assert len(generated["quarters"]) >= 12  # three years


def test_a_generated_dossier_opens_on_its_page_and_the_inbox_answers(generated, client):
    client.force_login(get_user_model().objects.get(username="giamsat.tinh"))  # the province's monitoring office
    dossier = Dossier.objects.exclude(status__in=TERMINAL_STATUSES).exclude(code=None).order_by("pk").first()
    page = client.get(f"/backoffice/dossiers/{dossier.pk}/")
    assert page.status_code == 200
    assert dossier.code in page.content.decode()
    assert client.get("/backoffice/").status_code == 200
