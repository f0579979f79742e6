"""Services of the dossier lifecycle: every write to a dossier goes through one of these, atomic, with its event.

- `intake`: receive at the desk (counter, post), online submission and its receipt.
- `codes`: the dossier code; `clock`: deadlines; `events`: the hash-chained log and outbox; `guards`: checks.
"""

from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.intake import (
    Applicant,
    dossier_receive,
    dossier_receive_submitted,
    dossier_submit_online,
    form_errors,
)

__all__ = [
    "Applicant",
    "DossierError",
    "dossier_receive",
    "dossier_receive_submitted",
    "dossier_submit_online",
    "form_errors",
]
