"""`{% url_once 'portal:track' %}`: a `{% url %}` whose arguments are all literals, reversed once per process.

Every public page's header and footer name the same few URLs; reversing each on every request cost as much as the
rest of the header (docs/performance.md, bench/track). The cache is keyed by the script prefix and the request's
urlconf, and emptied when ROOT_URLCONF changes (as Django's own URL caches are).
"""

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()
_reversed: dict[tuple, str] = {}


class URLOnceNode(template.Node):
    def __init__(self, name: str, args: tuple[str, ...]) -> None:
        self.name, self.args = name, args

    def render(self, context) -> str:
        key = (*url_place(context), self.name, self.args)
        try:
            return _reversed[key]
        except KeyError:
            url = _reversed[key] = conditional_escape(reverse(self.name, args=self.args))
            return url


def url_place(context) -> tuple[str, str | None]:
    """The script prefix and the request's urlconf, which every reversed URL depends on. They are thread-locals,
    slow to read (~3–10 µs each): read once per page, not per tag."""
    where = context.render_context.get(URLOnceNode)
    if where is None:
        where = context.render_context[URLOnceNode] = (get_script_prefix(), get_urlconf())
    return where


@register.tag
def url_once(parser, token) -> URLOnceNode:
    bits = token.split_contents()[1:]
    literals = []
    for bit in bits:
        if not (len(bit) >= 2 and bit[0] == bit[-1] and bit[0] in "'\""):
            raise template.TemplateSyntaxError(
                "url_once takes a URL name and positional arguments, all quoted literals"
            )
        literals.append(bit[1:-1])
    if not literals:
        raise template.TemplateSyntaxError("url_once takes a URL name")
    return URLOnceNode(literals[0], tuple(literals[1:]))


def _forget(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _reversed.clear()


setting_changed.connect(_forget)
