"""English everywhere: each catalogue is complete, compiled, in step with the source, and really served.

The msgids are the Vietnamese source strings; each app keeps its English catalogue in <app>/locale/en/ and the
project's own strings (urls.py) live in src/lienthong/locale/en/ (LOCALE_PATHS). scripts/i18n-update refreshes
and compiles them all.
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

import lienthong

PACKAGE = Path(lienthong.__file__).resolve().parent
CATALOGUES = sorted(PACKAGE.glob("**/locale/en/LC_MESSAGES/django.po"))
ALL_PO = sorted(PACKAGE.glob("**/locale/**/*.po"))
APPS = sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
CALENDAR_ADD = "/api/v1/calendar/add?start=2026-02-13T16:00&amount=3&unit=working_days"
UPDATE = "run scripts/i18n-update, translate what it lists, and commit the .po and .mo"


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


def _key(entry) -> tuple[str | None, str, str]:
    return entry.msgctxt, entry.msgid, entry.msgid_plural


def _translations(catalogue: polib.POFile | polib.MOFile) -> dict:
    """What a catalogue translates: (context, msgid, plural msgid) → the English form(s); a .mo holds only these."""
    entries = catalogue.translated_entries() if isinstance(catalogue, polib.POFile) else list(catalogue)
    return {
        _key(entry): tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
        if entry.msgid_plural
        else entry.msgstr
        for entry in entries
        if entry.msgid
    }


def test_each_app_and_the_project_have_an_english_catalogue():
    expected = {PACKAGE / "locale/en/LC_MESSAGES/django.po"} | {
        PACKAGE / app / "locale/en/LC_MESSAGES/django.po" for app in APPS
    }
    assert sorted(map(_name, expected - set(CATALOGUES))) == []


@pytest.mark.parametrize("path", ALL_PO, ids=_name)
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    catalogue = polib.pofile(str(path))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == [], f"untranslated in {_name(path)}"
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == [], f"fuzzy in {_name(path)}"
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata.get("Language") == "en"
    assert catalogue.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    plural = [entry.msgid for entry in catalogue if entry.msgid_plural and len(entry.msgstr_plural) != 2]
    assert plural == [], "an English plural needs both forms"


@pytest.mark.parametrize("path", ALL_PO, ids=_name)
def test_placeholders_survive_translation(path):
    wrong = []
    for entry in polib.pofile(str(path)):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        wrong += [(entry.msgid, form) for form in forms if sorted(PLACEHOLDER.findall(form)) != expected]
    assert wrong == []


@pytest.mark.parametrize("path", CATALOGUES, ids=_name)
def test_the_compiled_catalogue_matches_its_source(path):
    mo_path = path.with_suffix(".mo")
    assert mo_path.is_file(), f"{_name(mo_path)} is missing: {UPDATE}"
    assert _translations(polib.mofile(str(mo_path))) == _translations(polib.pofile(str(path))), (
        f"{_name(mo_path)} is stale: {UPDATE}"
    )


def test_a_string_translates_the_same_in_every_catalogue():
    """Django merges the catalogues into one; where two disagree, one silently wins."""
    seen: dict[tuple, dict[str, object]] = {}
    for path in CATALOGUES:
        for key, english in _translations(polib.pofile(str(path))).items():
            seen.setdefault(key, {})[_name(path)] = english
    assert {key[1]: where for key, where in seen.items() if len(set(where.values())) > 1} == {}


@pytest.mark.skipif(not (shutil.which("xgettext") and shutil.which("msgmerge")), reason="needs GNU gettext")
def test_the_catalogues_hold_every_string_of_the_source(tmp_path, monkeypatch):
    """makemessages, run on a copy of the package, finds no string the committed catalogues lack."""
    copy = tmp_path / "lienthong"
    sources = {".py", ".html", ".txt", ".po"}
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=lambda folder, names: [
            name
            for name in names
            if name in {"__pycache__", "var"} or (Path(folder, name).is_file() and Path(name).suffix not in sources)
        ],
    )
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], no_location=True, no_obsolete=True, verbosity=0)

    missing = {}
    for extracted_path in sorted(copy.glob("**/locale/en/LC_MESSAGES/django.po")):
        committed_path = PACKAGE / extracted_path.relative_to(copy)
        committed = {_key(entry) for entry in polib.pofile(str(committed_path))} if committed_path.is_file() else set()
        lacking = sorted(key[1] for entry in polib.pofile(str(extracted_path)) if (key := _key(entry)) not in committed)
        if lacking:
            missing[_name(committed_path)] = lacking
    assert missing == {}, f"strings in the source but not in the catalogues: {UPDATE}"


# -- served in English on request, in Vietnamese by default ----------------------------------------------------


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-dai-123")
    client.force_login(user)
    return client


def _in_english(client):
    """Pages follow the language switch (a cookie) and ignore Accept-Language (core.middleware); send both."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return {"accept-language": "en"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/", ["Catalogue and configuration administration", "Organisation", "Administrative units", "Agencies"]),
        ("/admin/", ["Procedure catalogue", "Administrative procedures", "Platform", "Business rules", "Heads"]),
        ("/admin/org/agency/add/", ["Identifier code (QCVN 102:2016)", "Used as the prefix of dossier numbers"]),
        ("/admin/org/administrativeunit/", ["By status", "Province level", "Dissolved or merged"]),
        ("/admin/catalogue/procedureversion/add/", ["Time limit", "Announcing decision", "Full online public"]),
        ("/admin/catalogue/procedure/", ["Export to Excel", "Import from Excel"]),
        ("/", ["Find an administrative procedure", "Search by procedure name or code", "By field", "Officer sign-in"]),
    ],
)
def test_pages_are_in_english_when_english_is_chosen(staff_client, url, expected):
    response = staff_client.get(url, headers=_in_english(staff_client))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert [text for text in expected if text not in html] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/", ["Quản trị danh mục và cấu hình", "Tổ chức", "Đơn vị hành chính", "Danh mục thủ tục"]),
        ("/admin/org/agency/add/", ["Mã định danh (QCVN 102:2016)"]),
        ("/", ["Tra cứu thủ tục hành chính", "Tìm theo tên hoặc mã thủ tục", "Theo lĩnh vực", "Cán bộ đăng nhập"]),
    ],
)
def test_the_same_pages_are_in_vietnamese_by_default(staff_client, url, expected):
    response = staff_client.get(url)
    html = response.content.decode()
    assert response["Content-Language"] == "vi"
    assert [text for text in expected if text not in html] == []
    assert "Organisation" not in html


@pytest.mark.django_db
def test_the_api_explains_a_due_date_in_english_on_accept_language(client):
    explanation = client.get(CALENDAR_ADD, headers={"accept-language": "en"}).json()["explanation"]
    assert explanation[0] == (
        "Received at 16:00 Friday 13/02/2026, after the 15:00 cut-off: "
        "the time limit counts from the next working day, 07:30 Monday 23/02/2026."
    )
    assert explanation[1].startswith("Add 3 working days = 22 h 30 min of working time (7 h 30 min a day: ")
    assert explanation[2] == "14/02–22/02/2026 not counted: Tết Nguyên Đán, weekend."  # holiday names are data
    assert explanation[-1] == "Due: 17:00 Wednesday 25/02/2026."


@pytest.mark.django_db
def test_the_api_explains_in_vietnamese_by_default(client):
    explanation = client.get(CALENDAR_ADD).json()["explanation"]
    assert explanation[0] == (
        "Tiếp nhận lúc 16:00 thứ Sáu 13/02/2026, sau giờ chốt 15:00: "
        "thời hạn tính từ ngày làm việc tiếp theo, 07:30 thứ Hai 23/02/2026."
    )
    assert explanation[-1] == "Hạn: 17:00 thứ Tư 25/02/2026."
