"""Which HTML a form is printed from: the province's own (DocumentTemplate), else the one shipped with the app."""

import logging
from typing import Any

from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.utils import translation

from lienthong.dossiers.models.documents import DocumentTemplate

logger = logging.getLogger(__name__)
LANGUAGE = "vi"  # the forms are Vietnamese documents, whatever language the officer's screen is in


def shipped_template_name(kind: str) -> str:
    return f"dossiers/documents/mau_{kind}.html"


def document_template_compile(html: str):
    """Raises TemplateSyntaxError for HTML Django cannot compile (the admin refuses to save it)."""
    return engines["django"].from_string(html)


def document_template_default(kind: str) -> str:
    """The shipped template's source, as a starting point for a province's own."""
    return engines["django"].get_template(shipped_template_name(kind)).template.source


def document_render(kind: str, context: dict[str, Any]) -> str:
    """The form's HTML from the province's active template, or the shipped one.

    A province's template that fails to render (it names a template that does not exist, say) falls back to the
    shipped one and is logged: the desk must be able to print a receipt while the administrator fixes it.
    """
    override = DocumentTemplate.objects.filter(kind=kind, is_active=True).values_list("html", flat=True).first()
    with translation.override(LANGUAGE):
        if override is not None:
            try:
                return document_template_compile(override).render(context)
            except (TemplateSyntaxError, TemplateDoesNotExist):
                logger.exception("Mẫu %s của tỉnh không dùng được; in bằng mẫu gốc", kind)
        return engines["django"].get_template(shipped_template_name(kind)).render(context)
