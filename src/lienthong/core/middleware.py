"""Which language a request is answered in."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"
# The officers' pages: an error met there wears the back office's layout (lienthong/errors.py, core/limits.py).
OFFICERS_PREFIXES = ("/backoffice/", "/admin/")


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese first: a page is in Vietnamese unless its user chose another language with the switch.

    Browsers send Accept-Language on their own — an officer's Chrome often says English — which would mix Django's
    English with our Vietnamese, so web pages follow only the explicit choice (the language cookie). API clients
    ask deliberately, so under /api/ Accept-Language is honoured too.
    """

    def process_request(self, request):
        if request.path.startswith(API_PREFIX):
            language = translation.get_language_from_request(request)
        else:
            language = self._chosen(request) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        language = translation.get_language()
        patch_vary_headers(response, ("Accept-Language",) if request.path.startswith(API_PREFIX) else ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def _chosen(request) -> str | None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not chosen:
            return None
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            return None
