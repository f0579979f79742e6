"""200 desks receiving at once on PostgreSQL: 200 dossiers, 200 distinct codes, numbered 1..200 with no gap."""

import os
import threading

import pytest
from django.db import connection

from lienthong.dossiers.constants import Channel
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import dossier_receive

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="real concurrency needs PostgreSQL"),
]
RECEIPTS = 200
THREADS = 20


def test_concurrent_receipts_get_distinct_gapless_codes(province, officers, procedure, applicant, form_data, documents):
    officer, agency = officers["receiver@commune_centre"], province["commune_centre"]
    barrier, errors = threading.Barrier(THREADS), []

    def desk(count: int) -> None:
        try:
            barrier.wait()  # start together, so the counter row is really contended
            for _ in range(count):
                dossier_receive(officer=officer, agency=agency, version=procedure, channel=Channel.COUNTER,
                                applicant=applicant, form_data=form_data, documents_present=documents)  # fmt: skip
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=desk, args=(RECEIPTS // THREADS,)) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == RECEIPTS == len(set(codes))
    assert sorted(int(code.rsplit("-", 1)[1]) for code in codes) == list(range(1, RECEIPTS + 1))
