"""docs/glossary.md names code; every name it gives must exist, so the glossary cannot drift from the code."""

import contextlib
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps

from lienthong.core.rules import RULES

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"
# Modules a bare name like `Procedure.national_code` or `Role.RECEIVER` may come from.
HOMES = [
    "lienthong.org.models",
    "lienthong.org.constants",
    "lienthong.catalogue.models",
    "lienthong.catalogue.constants",
    "lienthong.core.models",
    "lienthong.dossiers.models",
    "lienthong.dossiers.constants",
]


def _code_names() -> list[str]:
    names = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[2] in ("where", "---") or "to come" in cells[2]:
            continue
        names += [name for name in re.findall(r"`([\w.]+)`", cells[2])]
    return names


def _resolve(dotted: str) -> object:
    """`app.Model` (Django's label), a path under lienthong, a name from a home module, or a package."""
    if re.fullmatch(r"[a-z]+\.[A-Z]\w+", dotted):
        with contextlib.suppress(LookupError):
            return apps.get_model(dotted)
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module("lienthong." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            target = getattr(target, attribute)
        return target
    for home in HOMES:
        target = importlib.import_module(home)
        if hasattr(target, parts[0]):
            for attribute in parts:
                target = getattr(target, attribute)
            return target
    return importlib.import_module(dotted)  # a third-party package, e.g. `holidays`


NAMES = _code_names()


def test_the_glossary_names_code():
    assert len(NAMES) > 30


@pytest.mark.parametrize("name", NAMES)
def test_every_code_name_in_the_glossary_exists(name):
    if name in RULES:
        return
    try:
        _resolve(name)
    except (LookupError, AttributeError, ImportError) as exc:
        pytest.fail(f"docs/glossary.md names `{name}`, which the code does not have ({exc!r})")
