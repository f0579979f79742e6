"""The procedure's declaration (tờ khai) on paper, generated from its electronic form (the JSON Schema): blank, for a
citizen to print and fill in by hand when the province has uploaded no template of its own; filled in, for the
dossier of an online submission, so the desk sees the declaration the applicant made as a document.

A public page may ask for the blank one at any time: it is kept in the cache, keyed by what it is made of, so a
catalogue change shows at once and a busy page renders it once.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lienthong.catalogue.models import ProcedureVersion, RequiredDocument
from lienthong.catalogue.schema_form import ordered_properties
from lienthong.core.pdf import html_to_pdf

BLANK_CACHE_SECONDS = 24 * 60 * 60
LANGUAGE = "vi"  # a declaration is a legal paper in Vietnamese, whatever language the page was read in


@dataclass(frozen=True)
class DeclarationRow:
    label: str
    value: str  # "" when blank
    choices: tuple[str, ...] = ()  # offered as boxes to tick on a blank form
    long: bool = False  # several lines to write on


def declaration_title(version: ProcedureVersion, document: RequiredDocument | None) -> str:
    """The form's own name (Tờ khai đăng ký khai sinh), else the schema's title, else the procedure's."""
    if document is not None and document.template_name:
        return document.template_name
    return str((version.form_schema or {}).get("title") or (document.name if document else version.name))


def _value_text(prop: dict[str, Any], value: Any) -> str:
    if value in (None, ""):
        return ""
    if prop.get("type") == "boolean":
        return "Có" if value else "Không"
    if prop.get("format") == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def declaration_rows(schema: dict[str, Any], data: dict[str, Any] | None = None) -> list[DeclarationRow]:
    """One row per property, in the form's order, with the value given (or blank lines to write on)."""
    rows = []
    for name, prop in ordered_properties(schema or {}):
        label = str(prop.get("title") or name.replace("_", " ").capitalize())
        choices = tuple(str(v) for v in prop.get("enum", ())) or (
            ("Có", "Không") if prop.get("type") == "boolean" else ()
        )
        rows.append(
            DeclarationRow(
                label=label,
                value=_value_text(prop, (data or {}).get(name)),
                choices=choices,
                long=(prop.get("maxLength") or 0) > 255,
            )
        )
    return rows


def declaration_pdf(
    *,
    version: ProcedureVersion,
    document: RequiredDocument | None,
    data: dict[str, Any] | None = None,
    addressee: str = "",
    signed_by: str = "",
    submitted_at: dt.datetime | None = None,
) -> bytes:
    """The declaration as a printable A4 PDF: blank when `data` is None, else filled in as submitted online."""
    filled = data is not None
    with translation.override(LANGUAGE):
        html = render_to_string(
            "catalogue/declaration.html",
            {
                "title": declaration_title(version, document),
                "procedure": version.name,
                "national_code": version.procedure.national_code,
                "rows": declaration_rows(version.form_schema, data),
                "filled": filled,
                "addressee": addressee,
                "signed_by": signed_by,
                "submitted_at": timezone.localtime(submitted_at) if submitted_at else None,
            },
        )
    return html_to_pdf(html)


def _blank_key(version: ProcedureVersion, document: RequiredDocument | None) -> str:
    made_of = json.dumps(
        [version.pk, version.name, version.form_schema, declaration_title(version, document)],
        ensure_ascii=False,
        sort_keys=True,
    )
    return "catalogue:declaration:blank:" + hashlib.sha256(made_of.encode()).hexdigest()


def declaration_pdf_blank(*, version: ProcedureVersion, document: RequiredDocument | None) -> bytes:
    """The blank declaration, rendered once per content and kept a day (WeasyPrint takes a good part of a second)."""
    key = _blank_key(version, document)
    pdf = cache.get(key)
    if pdf is None:
        pdf = declaration_pdf(version=version, document=document)
        cache.set(key, pdf, BLANK_CACHE_SECONDS)
    return pdf


def declaration_file_name(version: ProcedureVersion, document: RequiredDocument | None) -> str:
    """An ASCII file name a phone keeps as is: to-khai-1.001193.pdf."""
    return f"to-khai-{version.procedure.national_code}.pdf"


def declaration_document(version: ProcedureVersion) -> RequiredDocument | None:
    """The document that is the declaration filled in online, if the procedure has an electronic form."""
    if not version.form_schema:
        return None
    return next((doc for doc in version.documents.all() if doc.is_declaration), None)
