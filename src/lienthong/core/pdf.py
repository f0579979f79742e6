"""WeasyPrint, offline and quiet: HTML to PDF with the machine's own fonts, fetching nothing. Here, below every app,
because the one-stop forms (dossiers), the printable declarations (catalogue) and the board's reports all print."""

import logging

# WeasyPrint logs each layout step at INFO: seven lines per printed receipt, and more on import (it parses its own
# style sheets then), none of them useful. Quieted before the import for that reason.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402 - after its logger is quieted
from weasyprint.urls import URLFetcher  # noqa: E402


class OfflineFetcher(URLFetcher):
    """Fetches `data:` URLs only. A template (a province's, say) that names http(s) or file URLs prints without them:
    rendering never waits on the network nor reads the server's files. WeasyPrint logs each refusal and goes on."""

    def fetch(self, url, headers=None):
        if not url.lower().startswith("data:"):
            raise ValueError(f"không tải tài nguyên ngoài khi in biểu mẫu: {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=None, url_fetcher=OfflineFetcher()).write_pdf()
