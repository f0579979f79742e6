"""An indicator's or a group's name in the screen's language: the formula version carries both (`label_vi`,
`label_en`). Documents (XLSX, PDF) are Vietnamese whatever the screen, and read `label_vi` themselves."""

from django.utils.translation import get_language

from lienthong.reports.kpi766 import CURRENT_VERSION, load_version


def label_of(definition) -> str:
    """`definition`: a version's `Indicator` or `Group`."""
    return definition.label_en if (get_language() or "vi").startswith("en") else definition.label_vi


def indicator_label(code: str, version: str = CURRENT_VERSION) -> str:
    found = next((i for i in load_version(version).indicators if i.code == code), None)
    return label_of(found) if found else code


def group_label(code: str, version: str = CURRENT_VERSION) -> str:
    found = next((g for g in load_version(version).groups if g.code == code), None)
    return label_of(found) if found else code
