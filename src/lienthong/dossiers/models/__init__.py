"""Models of the dossiers app, one sub-module per concern."""

from lienthong.dossiers.models.documents import DocumentTemplate
from lienthong.dossiers.models.dossier import Dossier, DossierCodeCounter, StatusMapping
from lienthong.dossiers.models.events import ChainDigest, DossierEvent, OutboxMessage
from lienthong.dossiers.models.files import Attachment, StoredDocument
from lienthong.dossiers.models.work import StepInstance, Suspension

__all__ = [
    "Attachment",
    "ChainDigest",
    "DocumentTemplate",
    "Dossier",
    "DossierCodeCounter",
    "DossierEvent",
    "OutboxMessage",
    "StatusMapping",
    "StepInstance",
    "StoredDocument",
    "Suspension",
]
