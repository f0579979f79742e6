"""The history's digitised documents and their reuse (issue 14; Decision 766 group 4): at the desks of the demo's own
accounts (data/officers.json) whose agency has its seal, about one paper dossier (counter or post) in `SHARE` had a
document scanned at receipt and certified as an electronic copy of the original — signed by the desk officer, then
sealed — which went into the applicant's store; about one of those applicants in `BACK` came back later with a
dossier asking for the same kind of document, and the desk took it from the store instead of the paper.

Replayed like the rest of the history (`__init__.py`): the events are the ones the services write — DOCUMENT_DIGITISED
and DOCUMENT_REUSED, their payloads built by the dossier app's own `digitised_payload` and `reused_payload`, right
after the receipt — and the rows go in with the history's (attachments) or through the store's `history_store_write`.
The returning applicant's later dossier becomes that person's: its applicant and the answers of its form that named
the applicant are the first dossier's.

Files: like the history's results, the copies share a specimen — one certified copy per desk officer, really signed
(by that officer's demo certificate, then the agency's seal) when the history is built, so it verifies HỢP LỆ
against the demo's root; its stamp has no QR code, since it stands for many documents (a live digitisation's stamp
points to its own verification page). Its signing time is the build's, not the historical receipt's.
"""

import datetime as dt
import hashlib
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from lienthong.catalogue.models import RequiredDocument
from lienthong.core.pdf import html_to_pdf
from lienthong.demo.history.replay import Replay
from lienthong.demo.history.rows import AttachmentRow, EventRow
from lienthong.dossiers.constants import Channel, EventKind, Status
from lienthong.dossiers.models import StoredDocument
from lienthong.dossiers.services.store import digitised_payload, document_kind_of, reused_payload
from lienthong.signing.digitise import copy_certify
from lienthong.signing.services import seal_for

SHARE = 9  # one paper dossier in nine at a desk with a seal and a demo officer has a document digitised
BACK = 2  # one applicant in two of those comes back with a dossier that asks for the same kind of document
MIN_GAP = dt.timedelta(days=7)  # the applicant's next dossier comes at least a week later
PAPER = (Channel.COUNTER, Channel.POST)
COPY_HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 2cm } body { font-family: "DejaVu Serif", serif; font-size: 13pt }
h1 { text-align: center; font-size: 15pt } p.mark { text-align: center; color: #8a1c1c }
</style></head><body><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập – Tự do – Hạnh phúc</p>
<h1>GIẤY TỜ BẢN GIẤY CỦA NGƯỜI NỘP HỒ SƠ</h1>
<p class="mark">Bản quét mẫu của tỉnh mẫu trong hệ thống Liên Thông — không có giá trị pháp lý.</p>
<p>Tệp này đứng thay cho các giấy tờ bản giấy mà Bộ phận Một cửa đã số hóa (chứng thực bản sao điện tử từ bản chính)
trong các hồ sơ lịch sử của dữ liệu mẫu.</p></body></html>"""
APPLICANT = ("applicant_kind", "applicant_name", "applicant_name_folded", "applicant_id_number", "applicant_tax_code",
             "applicant_phone", "applicant_email", "applicant_address")  # fmt: skip


@dataclass(frozen=True)
class CertifiedCopy:
    """The specimen certified copy of one desk officer: where it is stored, and the seal that closes it."""

    name: str
    size: int
    sha256: str
    seal_serial: str


@dataclass(frozen=True)
class StoreReport:
    digitised: int = 0
    reused: int = 0
    entries: tuple = ()  # the StoredDocument rows to write, once the attachments they name are written


class _Copies:
    """Each desk officer's specimen, certified at first use (two signatures each: a handful per build)."""

    def __init__(self, users: dict[int, object]):
        self.users, self.made, self._scan = users, {}, None

    def of(self, agency, user_id: int) -> CertifiedCopy:
        key = (agency.pk, user_id)
        if key not in self.made:
            self._scan = self._scan or html_to_pdf(COPY_HTML)
            seal = seal_for(agency=agency)
            content, _signed = copy_certify(self._scan, officer=self.users[user_id], agency=agency, seal=seal,
                                            at=timezone.now(), url="", name="ban-quet-mau.pdf",
                                            purpose="Chứng thực bản sao điện tử mẫu của dữ liệu lịch sử")  # fmt: skip
            name = default_storage.save(f"demo/ban-sao-so-hoa-{agency.pk}-{user_id}.pdf", ContentFile(content))
            self.made[key] = CertifiedCopy(name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                                           seal_serial=seal.serial)  # fmt: skip
        return self.made[key]


def _documents(replays: list[Replay]) -> dict[int, list[RequiredDocument]]:
    versions = {r.d.procedure_version_id for r in replays}
    documents = defaultdict(list)
    for document in RequiredDocument.objects.filter(version_id__in=versions, is_declaration=False):
        documents[document.version_id].append(document)
    return documents


def _received(replay: Replay) -> EventRow:
    """The receipt's event (a paper dossier received has one)."""
    return next(e for e in replay.events if e.kind == EventKind.RECEIVED)


def _paper(replay: Replay) -> bool:
    return replay.d.channel in PAPER and replay.d.received_at is not None and bool(replay.d.applicant_id_number)


def history_store_replay(replays: list[Replay], *, users: dict[int, object], attachment_ids, stored_ids,
                         seed: int) -> StoreReport:  # fmt: skip
    """Digitise at receipt and reuse later, in the replayed dossiers (before their events are numbered and hashed);
    `users` are the demo's desk officers by id. Returns the store's rows to write after the attachments."""
    rng = random.Random(seed)  # noqa: S311 — reproducible demo data, not secrets
    sealed = {agency.pk for agency in {r.d.agency for r in replays} if seal_for(agency=agency) is not None}
    documents, copies = _documents(replays), _Copies(users)
    first = [r for r in replays if _paper(r) and r.d.agency.pk in sealed and documents.get(r.d.procedure_version_id)
             and _received(r).actor_id in users and rng.randrange(SHARE) == 0]  # fmt: skip
    chosen = {r.d.pk for r in first}
    later = defaultdict(list)  # document kind → (received, replay, document) of paper dossiers that could reuse it
    for replay in replays:
        if replay.d.pk in chosen or not _paper(replay):
            continue
        for document in documents.get(replay.d.procedure_version_id, []):
            later[document_kind_of(document)].append((replay.d.received_at, replay, document))
    for kind in later:
        later[kind].sort(key=lambda found: (found[0], found[1].d.pk))
    entries, reused, taken = [], 0, set()
    for replay in sorted(first, key=lambda r: (r.d.received_at, r.d.pk)):
        document = documents[replay.d.procedure_version_id][0]
        stored = _digitise(replay, document, copies, attachment_ids=attachment_ids, stored_id=next(stored_ids),
                           rng=rng)  # fmt: skip
        entries.append(stored)
        if rng.randrange(BACK):
            continue
        again = next((found for found in later[stored.document_kind] if found[1].d.pk not in taken
                      and found[0] > replay.d.received_at + MIN_GAP
                      and found[1].d.applicant_kind == replay.d.applicant_kind), None)  # fmt: skip
        if again is not None:
            taken.add(again[1].d.pk)
            _reuse(again[1], replay, again[2], stored, attachment_ids=attachment_ids, rng=rng)
            reused += 1
    return StoreReport(digitised=len(entries), reused=reused, entries=tuple(entries))


def _event(replay: Replay, kind: str, *, rng: random.Random, payload: dict) -> None:
    """The event right after the receipt, by the desk officer who received, as the service records it then."""
    received = _received(replay)
    at = received.at
    replay.events.insert(replay.events.index(received) + 1, EventRow(
        uuid=uuid.UUID(int=rng.getrandbits(128), version=4), dossier_id=replay.d.pk, kind=kind, at=at,
        actor_id=received.actor_id, actor_label=received.actor_label, status_before=Status.RECEIVED,
        status_after=Status.RECEIVED, payload=payload,
    ))  # fmt: skip


def _digitise(replay: Replay, document: RequiredDocument, copies: _Copies, *, attachment_ids, stored_id: int,
              rng: random.Random) -> StoredDocument:  # fmt: skip
    """`store.document_digitised` at the receipt: the copy on the dossier and in the applicant's store."""
    received = _received(replay)
    at, officer = received.at.astimezone(dt.UTC), received.actor_id
    copy = copies.of(replay.d.agency, officer)
    attachment = AttachmentRow(
        pk=next(attachment_ids), dossier_id=replay.d.pk, original_name="ban-quet-so-hoa.pdf", file=copy.name,
        content_type="application/pdf", size=copy.size, sha256=copy.sha256, uploaded_at=at, uploaded_by_id=officer,
        kind="submitted", required_document_id=document.pk, is_paper_checked=True, digitised_at=at,
        digitised_by_id=officer,
    )  # fmt: skip
    replay.uploads.append(attachment)
    stored = StoredDocument(
        pk=stored_id, identity_number=replay.d.applicant_id_number.strip(), document_kind=document_kind_of(document),
        name=document.name[:500], file=copy.name, size=copy.size, sha256=copy.sha256, source_id=attachment.pk,
        agency_id=replay.d.agency.pk, digitised_at=at, digitised_by_id=officer, signer_serial=copy.seal_serial,
    )  # fmt: skip
    _event(replay, EventKind.DOCUMENT_DIGITISED, rng=rng,
           payload=digitised_payload(attachment=attachment, document=document, signer_serial=copy.seal_serial,
                                     stored=stored))  # fmt: skip
    return stored


def _reuse(replay: Replay, earlier: Replay, document: RequiredDocument, stored: StoredDocument, *, attachment_ids,
           rng: random.Random) -> None:  # fmt: skip
    """The same applicant's later dossier (`store.document_reuse` at its receipt): it becomes that person's, and the
    copy joins it from the store."""
    before = {field: getattr(replay.d, field) for field in APPLICANT}
    for field in APPLICANT:
        setattr(replay.d, field, getattr(earlier.d, field))
    swap = {before[field]: getattr(earlier.d, field) for field in APPLICANT if before[field]}
    replay.d.form_data = {key: swap.get(value, value) if isinstance(value, str) else value
                          for key, value in replay.d.form_data.items()}  # fmt: skip
    received = _received(replay)
    attachment = AttachmentRow(
        pk=next(attachment_ids), dossier_id=replay.d.pk, original_name=stored.name[:255], file=stored.file.name,
        content_type="application/pdf", size=stored.size, sha256=stored.sha256, uploaded_at=received.at,
        uploaded_by_id=received.actor_id, kind="submitted", required_document_id=document.pk,
        digitised_at=stored.digitised_at, reused_from_id=stored.pk,
    )  # fmt: skip
    replay.uploads.append(attachment)
    _event(
        replay,
        EventKind.DOCUMENT_REUSED,
        rng=rng,
        payload=reused_payload(attachment=attachment, document=document, stored=stored),
    )
