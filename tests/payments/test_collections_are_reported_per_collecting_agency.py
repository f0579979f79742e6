"""Issue 13 item 7: the finance officer's daily and monthly collections report (XLSX) is per collecting agency, not
per receiving agency: a dossier whose lines two agencies collect gives each agency its lines, each counting the
payment once; a finance officer sees the lines their agency collects and those of the dossiers it received."""

import io

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from lienthong.catalogue.models import Fee
from lienthong.payments.services import payment_record_at_desk

pytestmark = pytest.mark.django_db


def report(officer, period: str) -> list[tuple]:
    client = Client()
    client.force_login(officer)
    response = client.get("/backoffice/payments/collections.xlsx",
                          {"period": period, "day": timezone.localdate().isoformat()})  # fmt: skip
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(2, 1).value == "Cơ quan thu"
    return list(sheet.iter_rows(min_row=3, values_only=True))


def test_two_agencies_collecting_lines_of_one_dossier_each_get_their_lines(receive, officers, province, fees):
    Fee.objects.filter(version=fees, code="DD-02").update(collecting_agency=province["department"])
    for method in ("cash", "pos"):
        payment_record_at_desk(officer=officers["receiver@commune_centre"], dossier=receive(), method=method,
                               amount=600000, slip_number="000123" if method == "pos" else "")  # fmt: skip
    centre, department = province["commune_centre"].name, province["department"].name
    for period in ("day", "month"):
        rows = report(officers["finance@commune_centre"], period)  # the receiving agency's: both collectors' lines
        assert sorted((row[0], row[2], row[3:]) for row in rows[:-1]) == sorted([
            (centre, "Tiền mặt tại Bộ phận Một cửa", (1, 100000, 0)),
            (centre, "Thẻ (POS) tại Bộ phận Một cửa", (1, 100000, 0)),
            (department, "Tiền mặt tại Bộ phận Một cửa", (1, 500000, 0)),
            (department, "Thẻ (POS) tại Bộ phận Một cửa", (1, 500000, 0)),
        ])  # fmt: skip
        assert rows[-1][4] == 1200000  # every đồng once

    rows = report(officers["finance@department"], "day")  # the collecting agency's: its own lines only
    assert {(row[0], row[4]) for row in rows[:-1]} == {(department, 500000)}
    assert rows[-1][3:] == (2, 1000000, 0)
    assert report(officers["finance@centre"], "day") == [("Tổng cộng", None, None, 0, 0, 0)]
