"""Services of the dossier lifecycle: every write to a dossier goes through one of these, atomic, with its event.

- `intake`: receive at the desk (counter, post), online submission and its receipt.
- `supplement`: ask for a supplement once, the applicant sends files online, the desk records it (the clock
  stops and restarts or resumes).
- `files`: uploads checked by content and stored under generated names; attachments.
- `steps` (+ `routing`): forward, assign, complete, send back, consult, transfer — across agencies and levels.
- `outcome`: financial obligation, return of the result, apology with one new appointment.
- `closing`: refuse, withdraw, stop.
- `codes`: the dossier code; `clock`: deadlines; `events`: the hash-chained log and outbox; `guards`: checks.
"""

from lienthong.dossiers.services.closing import dossier_refuse, dossier_stop, dossier_withdraw
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.fees import dossier_fee_paid, dossier_fee_refunded, dossier_receipt_changed
from lienthong.dossiers.services.files import StoredFile, upload_store
from lienthong.dossiers.services.intake import (
    Applicant,
    applicant_faults,
    documents_missing,
    dossier_receive,
    dossier_receive_submitted,
    dossier_submit_online,
    form_errors,
)
from lienthong.dossiers.services.outcome import (
    dossier_apologize,
    dossier_financial_obligation_met,
    dossier_request_financial_obligation,
    dossier_return,
)
from lienthong.dossiers.services.steps import (
    dossier_assign,
    dossier_complete_step,
    dossier_consult,
    dossier_consultation_answer,
    dossier_forward,
    dossier_send_back,
    dossier_transfer,
)
from lienthong.dossiers.services.supplement import (
    dossier_request_supplement,
    dossier_supplement_received,
    dossier_supplement_send,
    supplement_items_asked,
    supplement_sent_at,
)

__all__ = [
    "dossier_fee_paid",
    "dossier_fee_refunded",
    "dossier_receipt_changed",
    "Applicant",
    "DossierError",
    "StoredFile",
    "applicant_faults",
    "documents_missing",
    "dossier_apologize",
    "dossier_assign",
    "dossier_complete_step",
    "dossier_consult",
    "dossier_consultation_answer",
    "dossier_financial_obligation_met",
    "dossier_forward",
    "dossier_receive",
    "dossier_receive_submitted",
    "dossier_refuse",
    "dossier_request_financial_obligation",
    "dossier_request_supplement",
    "dossier_return",
    "dossier_send_back",
    "dossier_stop",
    "dossier_submit_online",
    "dossier_supplement_received",
    "dossier_supplement_send",
    "dossier_transfer",
    "dossier_withdraw",
    "form_errors",
    "supplement_items_asked",
    "supplement_sent_at",
    "upload_store",
]
