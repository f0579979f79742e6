"""The one-stop forms print through core.pdf (WeasyPrint, offline): kept under this name for the callers here."""

from lienthong.core.pdf import OfflineFetcher, html_to_pdf

__all__ = ["OfflineFetcher", "html_to_pdf"]
