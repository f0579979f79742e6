"""The one-stop forms as documents (Circular 01/2018 art. 9–10, Circular 03/2025 annex I).

Mẫu 01–05 as A5 PDF with a QR code of the dossier's tracking page (code filled in), Mẫu 06 (control slip) as A4
PDF and XLSX, Mẫu 07 (tracking ledger) as landscape A4 PDF and XLSX. Each is a Django template: the shipped one in
templates/dossiers/documents/mau_NN.html, or a province's own saved as a DocumentTemplate. Read-only: nothing here
writes to a dossier.
"""

from lienthong.dossiers.documents.pdf import document_html, document_pdf, ledger_html, ledger_pdf
from lienthong.dossiers.documents.qr import dossier_qr, dossier_qr_svg
from lienthong.dossiers.documents.weasy import html_to_pdf
from lienthong.dossiers.documents.xlsx import control_slip_xlsx, ledger_xlsx

__all__ = [
    "control_slip_xlsx",
    "document_html",
    "document_pdf",
    "dossier_qr",
    "dossier_qr_svg",
    "html_to_pdf",
    "ledger_html",
    "ledger_pdf",
    "ledger_xlsx",
]
