"""Counts views of the public pages for the visitor counters (`news.visitors`): cache calls only, no query."""

import re

from lienthong.core.http import client_address
from lienthong.news.visitors import count_view

# Officers' and systems' pages, files and the language switch are not visits to the public site.
NOT_PUBLIC = ("/api/", "/admin/", "/backoffice/", "/static/", "/media/", "/i18n/", "/ngon-ngu/")
ROBOT = re.compile(r"bot|crawl|spider|slurp|headless|monitor|curl|wget|python-requests", re.IGNORECASE)


class VisitCounterMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path.startswith(NOT_PUBLIC)
        ):
            user_agent = request.META.get("HTTP_USER_AGENT", "")
            if not ROBOT.search(user_agent):
                count_view(address=client_address(request), user_agent=user_agent[:300])
        return response
