"""The demo's citizens (data/officers.json "citizens") are read in one place, `demo.accounts.demo_citizens`: the
accounts, her address on the site, the fees left for her to pay and her dossiers in the history all ask it."""

from pathlib import Path

import lienthong.demo
from lienthong.demo.accounts import DemoCitizen, demo_citizens


def test_the_demo_citizen_is_the_one_the_readme_names():
    assert demo_citizens()[0] == DemoCitizen(email="congdan@lienthong.example", full_name="Nguyễn Thị Hoa",
                                             identity_number="075190001234")  # fmt: skip


def test_no_other_demo_module_reads_the_citizens_list_itself():
    folder = Path(lienthong.demo.__file__).parent
    readers = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.py")
                     if '"citizens"' in p.read_text(encoding="utf-8"))  # fmt: skip
    assert readers == ["accounts.py"]


def test_the_history_s_citizen_and_the_site_s_come_from_it(monkeypatch):
    from lienthong.demo.history import context

    monkeypatch.setattr(context, "demo_citizens", lambda: [DemoCitizen(email="an@example.vn", full_name="Lê Văn An")])
    applicant, _ward = context._demo_citizen([])
    assert (applicant.name, applicant.email, applicant.id_number) == ("Lê Văn An", "an@example.vn", "")
