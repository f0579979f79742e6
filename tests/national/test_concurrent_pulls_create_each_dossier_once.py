"""Two workers pulling the same submission at the same moment on PostgreSQL: one dossier, one code used."""

import os
import threading

import pytest
from django.db import connection

from lienthong.dossiers.constants import Channel
from lienthong.dossiers.models import Dossier, DossierCodeCounter
from lienthong.national.models import NationalReceipt
from lienthong.national.services import national_receive_submissions
from lienthong.national.services import receive as receive_module

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="real concurrency needs PostgreSQL"),
]
WORKERS = 4


def test_workers_that_both_see_a_new_submission_create_one_dossier(portal, province, procedure, form_data,
                                                                    monkeypatch):  # fmt: skip
    portal_id = portal.submit(MaTTHC=procedure.procedure.national_code, MaDonViTiepNhan="000.00.98.H19",
                              ChuHoSo="Trần Văn Bình", EformThongTinChiTiet=form_data)  # fmt: skip
    barrier, errors, summaries = threading.Barrier(WORKERS, timeout=10), [], []
    first_look = receive_module._already_received

    def looked_together(portal_id: str) -> bool:
        seen = first_look(portal_id)
        barrier.wait()  # every worker has looked (and found nothing) before any inserts
        return seen

    monkeypatch.setattr(receive_module, "_already_received", looked_together)

    def worker() -> None:
        try:
            summaries.append(national_receive_submissions())
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(len(s.created) for s in summaries) == [0] * (WORKERS - 1) + [1]
    assert sum(s.already for s in summaries) == WORKERS - 1
    dossier = Dossier.objects.get(channel=Channel.NATIONAL_PORTAL)
    assert NationalReceipt.objects.get().dossier == dossier
    # the others stopped at the receipt's key, before taking a number
    assert DossierCodeCounter.objects.get().last == 1
    assert portal.portal.acknowledged == {portal_id: dossier.code}
