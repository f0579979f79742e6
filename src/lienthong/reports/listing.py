"""The rows of a drill-down list: the dossiers behind a figure, shown as an officer reads them (code, applicant,
procedure, dates, on time or not), each a link to the dossier's page.

The list's membership and order come from the read model (`DossierFact`); only the page's rows — 50 at most — are
looked up in the dossier table, for what the facts do not carry (the code and the applicant's name).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienthong.catalogue.models import ProcedureVersion
from lienthong.core.keyset import Key
from lienthong.dossiers.models import Dossier
from lienthong.org.models import Agency
from lienthong.reports.models import DossierFact

# The orders of the lists' keyset pages (core.keyset): by dossier id (unique), or — the dossiers overdue now — the
# longest overdue first. Each is an index's order (the primary key; `fact_open_unit_due`), so a page reads 51 rows.
DOSSIER_ORDER = (Key("dossier_id"),)
OVERDUE_ORDER = (Key("due_at"), Key("dossier_id"))

# What each dossier figure of the index counts, in a leader's words (the list's heading).
FIGURE_LABELS = {
    "dossiers_received": _("Hồ sơ tiếp nhận trong kỳ"),
    "dossiers_received_online": _("Hồ sơ nộp trực tuyến"),
    "dossiers_synced": _("Hồ sơ đã đồng bộ lên Cổng Dịch vụ công quốc gia"),
    "dossiers_on_time": _("Hồ sơ giải quyết trước hạn, đúng hạn"),
    "dossiers_overdue": _("Hồ sơ trễ hạn (kể cả đang xử lý đã quá hạn)"),
    "dossiers_finished": _("Hồ sơ đã kết thúc xử lý"),
    "dossiers_with_e_result": _("Hồ sơ trả kết quả điện tử"),
    "dossiers_digitised": _("Hồ sơ số hóa thành phần và kết quả"),
    "dossiers_reusing_data": _("Hồ sơ tái sử dụng dữ liệu số hóa"),
    "dossiers_with_fee": _("Hồ sơ có phí, lệ phí"),
    "dossiers_with_synced_fee": _("Hồ sơ có phí, lệ phí đã đồng bộ"),
    "dossiers_paid_online": _("Hồ sơ thanh toán trực tuyến"),
    "online_services_with_dossiers": _("Hồ sơ của các dịch vụ công trực tuyến có phát sinh hồ sơ"),
    "procedures_with_fee_dossiers": _("Hồ sơ của các thủ tục có phí đã phát sinh hồ sơ đồng bộ"),
    "procedures_with_online_payment": _("Hồ sơ của các thủ tục có thanh toán trực tuyến"),
    "dossiers_with_complaint_or_dislike": _("Hồ sơ bị phản ánh, kiến nghị hoặc không hài lòng"),
    "petitions": _("Phản ánh, kiến nghị trong kỳ"),
    "petitions_on_time": _("Phản ánh, kiến nghị được trả lời đúng hạn"),
    "petitions_overdue": _("Phản ánh, kiến nghị quá hạn"),
    "petitions_disliked": _("Phản ánh, kiến nghị có kết quả trả lời không hài lòng (chưa có dữ liệu)"),
    "petitions_repeated": _("Phản ánh, kiến nghị lặp lại (chưa có dữ liệu)"),
}


def figure_label(figure: str) -> str:
    return str(FIGURE_LABELS.get(figure, figure))


@dataclass(frozen=True)
class DossierRow:
    dossier_id: int
    code: str
    applicant: str
    procedure: str
    unit: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    ended_at: dt.datetime | None
    is_on_time: bool | None
    overdue_now: bool


def dossier_rows(facts: Iterable[DossierFact]) -> list[DossierRow]:
    """The page's facts as rows, in the facts' order: three look-ups whatever the page's length."""
    facts = list(facts)
    ids = [fact.dossier_id for fact in facts]
    dossiers = {d["pk"]: d for d in Dossier.objects.filter(pk__in=ids).values("pk", "code", "applicant_name")}
    procedures = procedure_name_map({f.procedure_id for f in facts})
    units = dict(Agency.objects.filter(pk__in={f.unit_id for f in facts}).values_list("pk", "name"))
    now = timezone.now()
    rows = []
    for fact in facts:
        dossier = dossiers.get(fact.dossier_id, {})
        rows.append(DossierRow(
            dossier_id=fact.dossier_id, code=dossier.get("code") or "", applicant=dossier.get("applicant_name", ""),
            procedure=procedures.get(fact.procedure_id, ""), unit=units.get(fact.unit_id, ""),
            received_at=fact.received_at, due_at=fact.due_at, ended_at=fact.end_of_processing_at,
            is_on_time=fact.is_on_time,
            overdue_now=fact.end_of_processing_at is None and fact.due_at is not None and fact.due_at < now,
        ))  # fmt: skip
    return rows


def procedure_name_map(procedure_ids) -> dict[int, str]:
    """Each procedure's name as its current version says it (one query)."""
    versions = ProcedureVersion.objects.filter(procedure_id__in=set(procedure_ids), is_current=True)
    return dict(versions.values_list("procedure_id", "name"))


def procedure_names(costs: list) -> list:
    """Costs keyed by procedure id, with the procedure's name as their label (one query)."""
    names = procedure_name_map(c.key for c in costs)
    return [type(c)(c.key, names.get(c.key, str(c.key)), c.points, c.overdue, c.received) for c in costs]
