"""A unit's PDF export carries the charts its page shows — the trend and the distribution of its late dossiers'
delays — beside the groups' shares, drawn in the PDF with their text as text; a Vietnamese document whatever the
screen's language."""

import io

import pytest
import time_machine
from pypdf import PdfReader

from tests.reports.conftest import at

pytestmark = pytest.mark.django_db


def test_a_communes_pdf_draws_its_trend_its_groups_and_its_delays(walk, client, officers, province):
    late = walk.receive(at(2, 9))
    walk.forward(late, at(2, 10))
    walk.finish(late, at(12, 9))  # ten days past a two-working-day appointment
    client.force_login(officers["monitor@centre"])
    client.cookies["django_language"] = "en"

    with time_machine.travel(at(31, 12), tick=False):
        pdf = client.get(f"/backoffice/chi-so/don-vi/{province['committee'].pk}/xuat.pdf?ky=2026-03")

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "điểm đạt (%)" in text  # the groups' shares
    assert "điểm / 100" in text and "3/26" in text  # the trend, its axis and its months
    assert "số ngày trễ" in text and "số hồ sơ" in text  # the delays' distribution, both axes
