"""`{% load i18n portal_i18n %}`: Django's `{% translate %}`, with a literal's translation kept per language.

`{% translate "Thủ tục" %}` asks the active translation for the same literal on every render — a lazy string, a
thread-local read, a catalogue lookup and an escape: ~8–14 µs a tag, and a public page has thirty or more
(docs/performance.md, bench/track). Loaded after `i18n`, this library's `translate` (and `trans`) replaces Django's
in that template only; a tag that translates a plain literal — no filter, no `as`, no `context`, not `noop` —
keeps what it rendered per (language, autoescape), so later renders cost one dict lookup. Every other form is
Django's tag unchanged. `makemessages` still finds the literals: the tag's name and syntax are Django's.

The kept texts are forgotten when a setting changes (tests switch LANGUAGES, LOCALE_PATHS, …) and when the
development server sees a catalogue (.mo) change, as Django forgets its own translations then.
"""

import itertools

from django import template
from django.core.signals import setting_changed
from django.templatetags.i18n import TranslateNode, do_translate
from django.utils import translation
from django.utils.autoreload import file_changed

register = template.Library()
_generation = itertools.count()
_current = [next(_generation)]


class KeptTranslateNode(TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None) -> None:
        super().__init__(filter_expression, noop, asvar, message_context)
        expression = self.filter_expression
        self.keeps = (
            not noop
            and asvar is None
            and message_context is None
            and not expression.filters
            and expression.var.lookups is None  # a literal, not a variable
        )
        self.kept: dict[tuple, str] = {}

    def render(self, context) -> str:
        if not self.keeps:
            return super().render(context)
        key = (_current[0], translation.get_language(), context.autoescape)
        try:
            return self.kept[key]
        except KeyError:
            if len(self.kept) > 16:  # only after many setting changes (tests): keep it small
                self.kept.clear()
            value = self.kept[key] = super().render(context)
            return value


@register.tag("translate")
@register.tag("trans")
def translate(parser, token) -> TranslateNode:
    node = do_translate(parser, token)
    return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


def generation() -> int:
    """Changes whenever kept texts must be rendered again (`portal_chrome` keys its chrome on it too)."""
    return _current[0]


def _forget(**kwargs) -> None:
    _current[0] = next(_generation)


def _catalogue_changed(sender, file_path, **kwargs) -> None:
    if file_path.suffix == ".mo":
        _forget()


setting_changed.connect(_forget)
file_changed.connect(_catalogue_changed)
