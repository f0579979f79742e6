"""Connected systems creating in bulk at once on PostgreSQL, all at one agency: every batch takes its numbers in one
statement at the end of its transaction, and the codes stay consecutive from 1, none lost, none given twice — a
batch rolled back after taking its numbers gives them back."""

import os
import threading

import pytest
from django.db import connection, transaction

from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import Applicant
from lienthong.gateway.services.bulk import system_dossiers_upsert
from lienthong.gateway.services.dossiers import Action, NewDossier

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="real concurrency needs PostgreSQL"),
]
THREADS, BATCHES, ITEMS = 8, 3, 5


class RollbackError(Exception):
    pass


def _items(prefix: str) -> list[tuple[NewDossier, list[Action]]]:
    applicant = Applicant(name="Nguyễn Thị Hoa", id_number="075190001234")
    return [
        (NewDossier(external_id=f"{prefix}-{n}", procedure_code="1.001193", applicant=applicant,
                    form_data={"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "1990-05-17"}),
         [Action(kind="receive")])
        for n in range(ITEMS)
    ]  # fmt: skip


def test_concurrent_bulk_creates_of_one_agency_get_consecutive_codes_and_a_rollback_leaves_no_gap(
    system, local_procedure
):
    barrier, errors, rolled_back = threading.Barrier(THREADS), [], []

    def software(thread: int) -> None:
        try:
            barrier.wait()  # start together, so the counter row is really contended
            for batch in range(BATCHES):
                with transaction.atomic():  # the request's transaction, as the API's
                    outcomes = system_dossiers_upsert(system=system, items=_items(f"T{thread}-{batch}"))
                    assert [o.created for o in outcomes] == [True] * ITEMS, outcomes
                try:  # and one batch each that fails after taking its numbers: they must come back
                    with transaction.atomic():
                        system_dossiers_upsert(system=system, items=_items(f"R{thread}-{batch}"))
                        raise RollbackError
                except RollbackError:
                    rolled_back.append(batch)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=software, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(rolled_back) == THREADS * BATCHES
    codes = list(Dossier.objects.values_list("code", flat=True))
    expected = THREADS * BATCHES * ITEMS
    assert len(codes) == expected == len(set(codes))
    assert sorted(int(code.rsplit("-", 1)[1]) for code in codes) == list(range(1, expected + 1))
    # each batch's five codes are consecutive, in the order of its items
    for thread in range(THREADS):
        numbers = [
            int(code.rsplit("-", 1)[1])
            for code in Dossier.objects.filter(system_links__external_id__startswith=f"T{thread}-0-")
            .order_by("system_links__external_id")
            .values_list("code", flat=True)
        ]
        assert numbers == list(range(numbers[0], numbers[0] + ITEMS))
