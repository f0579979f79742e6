"""`{% chrome %}…{% endchrome %}`: a part of a page that is the same for every request in one language — the public
pages' header and navigation, their footer — rendered once per language and process, then reused.

Every public page (the tracking page first: docs/performance.md, bench/track) rendered its header tag by tag: a
dozen translations, seven URLs, the stylesheet's URL. Inside `{% chrome %}` those are rendered once per (language,
script prefix, urlconf, autoescape) and kept; what does differ per request goes in a slot,
`{% chrome_slot request.get_full_path|urlencode %}`: its expression is resolved on every render and put in place,
escaped as `{{ … }}` would be.

A chrome reads nothing else from the page's context. While it is rendered to be kept, its only variable is
`LANGUAGE_CODE` (and True, False, None): any other (`user`, `request`, a view's variable) raises
`ChromeReadsTheContext` at once, in tests and on a developer's first page, instead of showing one visitor's value to
the next — so a nav link added to the template keeps working, and a per-user header cannot slip in unnoticed.
`{% block %}` is refused inside a chrome (each page fills its blocks differently).

The kept parts are forgotten when a setting changes and when the development server sees a catalogue (.mo) change
(`portal_i18n.generation`).
"""

import re

from django import template
from django.template.base import render_value_in_context
from django.template.loader_tags import BlockNode
from django.utils import translation
from django.utils.safestring import SafeString

from lienthong.portal.templatetags.portal_i18n import generation
from lienthong.portal.templatetags.portal_urls import url_place

register = template.Library()
_SLOT = re.compile("\x00chrome-slot-([0-9]+)\x00")
_BUILTINS = {"True": True, "False": False, "None": None}


class ChromeReadsTheContext(template.TemplateSyntaxError):
    """A `{% chrome %}` read a variable that may differ between requests of one language."""


class _OnlyTheLanguage(dict):
    def __contains__(self, key) -> bool:
        if dict.__contains__(self, key):
            return True
        raise ChromeReadsTheContext(
            f"{{% chrome %}} is rendered once per language and kept, so it may not read {key!r}: move that out of "
            f"the chrome, or into {{% chrome_slot … %}} (portal/templatetags/portal_chrome.py)"
        )


class ChromeSlotNode(template.Node):
    child_nodelists = ()

    def __init__(self, expression) -> None:
        self.expression = expression
        self.index = -1  # set by the enclosing chrome

    def render(self, context) -> str:
        if context.render_context.get(ChromeNode) and self.index >= 0:  # the chrome is being kept: leave a mark
            return f"\x00chrome-slot-{self.index}\x00"  # template output, never escaped
        return render_value_in_context(self.expression.resolve(context), context)


class ChromeNode(template.Node):
    # What is inside is not searched on each render: `{% extends %}` walks the base template's nodes for its blocks
    # on every page, and a chrome holds no block (refused at parse time).
    child_nodelists = ()

    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.slots = nodelist.get_nodes_by_type(ChromeSlotNode)
        for index, slot in enumerate(self.slots):
            slot.index = index
        self.kept: dict[tuple, tuple[tuple[str, ...], tuple[ChromeSlotNode, ...]]] = {}

    def render(self, context) -> str:
        language = translation.get_language()
        key = (generation(), language, *url_place(context), context.autoescape)
        kept = self.kept.get(key)
        if kept is None:
            kept = self._keep(context, language)
            if len(self.kept) > 16:  # only after many setting changes (tests): keep it small
                self.kept.clear()
            self.kept[key] = kept
        texts, slots = kept
        if not slots:
            return SafeString(texts[0])
        parts = [texts[0]]
        for slot, text in zip(slots, texts[1:], strict=True):
            parts.append(slot.render(context))
            parts.append(text)
        return SafeString("".join(parts))

    def _keep(self, context, language: str) -> tuple[tuple[str, ...], tuple[ChromeSlotNode, ...]]:
        isolated = context.new()
        isolated.dicts = [_OnlyTheLanguage(_BUILTINS, LANGUAGE_CODE=language)]
        render_context = context.render_context
        render_context[ChromeNode] = True
        try:
            rendered = self.nodelist.render(isolated)
        finally:
            render_context[ChromeNode] = False
        pieces = _SLOT.split(rendered)  # text, slot index, text, …
        texts = tuple(pieces[0::2])  # the template's own output: joined as rendered
        slots = tuple(self.slots[int(index)] for index in pieces[1::2])
        return texts, slots


@register.tag
def chrome(parser, token) -> ChromeNode:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("chrome takes no arguments")
    nodelist = parser.parse(("endchrome",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% block %} cannot be inside {% chrome %}: each page fills it differently")
    return ChromeNode(nodelist)


@register.tag
def chrome_slot(parser, token) -> ChromeSlotNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("chrome_slot takes one expression, e.g. request.get_full_path|urlencode")
    return ChromeSlotNode(parser.compile_filter(bits[1]))
