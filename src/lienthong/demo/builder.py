"""`demo_build`: today's Đồng Nai — the country's units, the province's agencies, heads, officers and catalogue,
then two years of dossiers (`demo.history`).

One transaction, bulk writes, idempotent: every step upserts on a natural key, so a second run writes no row; the
history is written once, in its own transaction, and only if none exists.
"""

import dataclasses
import datetime as dt
import time
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.catalogue.models import Field, Procedure, ProcedureVersion, ProcessStep
from lienthong.catalogue.services import ImportReport, catalogue_import
from lienthong.core.progress import Progress
from lienthong.demo.accounts import demo_citizens_load, demo_messages_load, demo_password
from lienthong.demo.complaints import complaints_load
from lienthong.demo.digitisation import demo_digitisation_load
from lienthong.demo.history import HistoryReport, demo_history_build
from lienthong.demo.news import news_load
from lienthong.demo.org import agencies_load, former_units_load, heads_load, officers_and_roles_load
from lienthong.demo.payments import demo_payments_load
from lienthong.demo.procedures import catalogue_data, load_json
from lienthong.demo.ratings import demo_ratings_load
from lienthong.demo.roadmaps import demo_readiness_load, demo_roadmaps_load
from lienthong.demo.signed_results import demo_signed_results_load
from lienthong.demo.signing import demo_signers_load
from lienthong.demo.site import site_load
from lienthong.demo.systems import demo_systems_history_load, demo_systems_load
from lienthong.dossiers.models import Dossier, DossierEvent
from lienthong.org.models import AdministrativeUnit, Agency, HeadAssignment, OfficerRole
from lienthong.org.services import units_import_from_package
from lienthong.reports.rebuild import reports_rebuild
from lienthong.reports.snapshots import snapshots_take_history

HISTORY = 20_000  # dossiers over the past two years (`lienthong demo --history N`)


@dataclasses.dataclass
class DemoReport:
    """What one build wrote (0 everywhere on a second run) and what the database then holds."""

    units_written: int
    successions_created: int
    agencies_written: int
    heads_written: int
    users_created: int
    roles_created: int
    catalogue: ImportReport
    seconds: float
    totals: dict[str, int]
    history: HistoryReport = dataclasses.field(default_factory=HistoryReport)
    news_written: int = 0  # articles of data/news.json created or updated
    complaints_written: int = 0  # demo complaints and recommendations (PAKN), created once
    signed_results: list = dataclasses.field(default_factory=list)  # demo.signed_results: code and tracking digits

    @property
    def changed(self) -> bool:
        written = (
            self.units_written,
            self.successions_created,
            self.agencies_written,
            self.heads_written,
            self.users_created,
            self.roles_created,
        )
        news_or_complaints = bool(self.news_written) or bool(self.complaints_written)
        return any(written) or self.catalogue.changed or bool(self.history.dossiers) or news_or_complaints

    def lines(self) -> list[str]:
        t = self.totals
        return [
            _("Đơn vị hành chính: %(n)d (ghi %(w)d; %(s)d liên kết kế thừa mới)")
            % {"n": t["units"], "w": self.units_written, "s": self.successions_created},
            _("Cơ quan, đơn vị: %(n)d (ghi %(w)d)") % {"n": t["agencies"], "w": self.agencies_written},
            _("Nhiệm kỳ người đứng đầu: %(n)d (ghi %(w)d)") % {"n": t["heads"], "w": self.heads_written},
            _("Tài khoản cán bộ: %(n)d (tạo %(c)d); vai trò: %(r)d (tạo %(rc)d)")
            % {"n": t["users"], "c": self.users_created, "r": t["roles"], "rc": self.roles_created},
            _("Thủ tục hành chính: %(n)d ở %(f)d lĩnh vực; %(s)d bước xử lý")
            % {"n": t["procedures"], "f": t["fields"], "s": t["steps"]},
            *self.catalogue.summary(),
            *self._history_lines(),
            *(
                _("Kết quả đã ký số để thử tra cứu và kiểm tra: hồ sơ %(code)s, 4 số cuối %(digits)s (/tra-cuu/)")
                % {"code": signed.code, "digits": signed.digits}
                for signed in self.signed_results
            ),
            _("Thời gian: %(s).1f giây (%(what)s)")
            % {"s": self.seconds, "what": _("có thay đổi") if self.changed else _("không thay đổi gì")},
        ]

    def _history_lines(self) -> list[str]:
        h = self.history
        if h.dossiers:
            return [
                _("Hồ sơ lịch sử 2 năm: %(n)d hồ sơ, %(e)d sự kiện (%(s).1f giây)")
                % {"n": h.dossiers, "e": h.events, "s": h.seconds}
            ]
        if h.skipped == "exists":
            return [_("Hồ sơ lịch sử: đã có %(n)d hồ sơ, không tạo thêm") % {"n": self.totals.get("dossiers", 0)}]
        return []


def _totals() -> dict[str, int]:
    return {
        "units": AdministrativeUnit.objects.count(),
        "agencies": Agency.objects.count(),
        "heads": HeadAssignment.objects.count(),
        "users": get_user_model().objects.count(),
        "roles": OfficerRole.objects.count(),
        "fields": Field.objects.count(),
        "procedures": Procedure.objects.count(),
        "versions": ProcedureVersion.objects.count(),
        "steps": ProcessStep.objects.count(),
        "dossiers": Dossier.objects.count(),
        "dossier_events": DossierEvent.objects.count(),
    }


def _password_hash_if_needed() -> str:
    """Hash the demo password once, and only if an account is missing: hashing is deliberately slow."""
    usernames = [o["username"] for o in load_json("officers.json")["officers"]]
    if get_user_model().objects.filter(username__in=usernames).count() == len(usernames):
        return ""
    return make_password(demo_password())


def demo_build(*, stdout: TextIO | None = None, history: int = HISTORY, now: dt.datetime | None = None) -> DemoReport:
    """Build (or bring up to date) the demo province as of `now` (default: this instant), then `history` past
    dossiers (0: none) unless some exist; prints what it wrote to `stdout` if given."""
    started, now = time.perf_counter(), now or timezone.now()
    progress = Progress(stdout)
    with transaction.atomic():
        progress.phase(_("Đơn vị hành chính cả nước và trước sắp xếp 2025…"))
        units_written = units_import_from_package()
        former_written, successions = former_units_load()
        progress.phase(_("Cơ quan, người đứng đầu, tài khoản cán bộ…"))
        agencies, agencies_written = agencies_load()
        heads_written = heads_load(agencies)
        password_hash = _password_hash_if_needed()
        users_created, roles_created = officers_and_roles_load(agencies, password_hash=password_hash)
        users_created += demo_citizens_load(password_hash=password_hash)
        codes = {key: agency.identifier_code for key, agency in agencies.provincial.items()}
        progress.phase(_("Thủ tục hành chính…"))
        catalogue = catalogue_import(data=catalogue_data(agency_codes=codes))
        progress.phase(_("Tin tức, phản ánh kiến nghị, hệ thống kết nối…"))
        news_written = news_load(now=now)
        complaints_written = complaints_load(now=now)
        site_load(
            today=timezone.localdate(now)
        )  # the public site's contact and its visits so far (lienthong.demo.site)
        demo_systems_load(now=now)  # connected systems and an hour of traffic, once (lienthong.demo.systems)
        progress.phase(_("Chứng thư ký số của lãnh đạo, cán bộ một cửa và con dấu số (môi trường thử nghiệm)…"))
        demo_signers_load()  # a development CA, a PKCS#12 per leader and desk officer, seals (lienthong.demo.signing)
    past = demo_history_build(count=history, now=now, progress=progress)
    progress.phase(_("Lịch sử kết nối của các hệ thống…"))
    demo_systems_history_load(now=now)  # state changes and recent dossiers' sync, for the compliance report
    progress.phase(_("Lộ trình của các đơn vị, khảo sát sẵn sàng số của các xã…"))
    with transaction.atomic():
        demo_roadmaps_load(now=now)  # a plan to every commune, items in every state (lienthong.demo.roadmaps)
        demo_readiness_load(now=now)  # last quarter's survey of every commune, closed
    progress.phase(_("Thanh toán phí, lệ phí trực tuyến…"))
    demo_payments_load()  # a few demands paid, failed and refunded through the gateway simulator
    progress.phase(_("Số hóa giấy tờ và dùng lại giấy tờ đã số hóa…"))
    demo_digitisation_load()  # a few documents digitised at sealed desks, reused by the same applicants' next dossier
    progress.phase(_("Ký số và trả kết quả điện tử…"))
    with transaction.atomic():
        signed_results = demo_signed_results_load()  # results a newcomer can verify from the tracking page
    progress.phase(_("Đánh giá mức độ hài lòng của người dân…"))
    with transaction.atomic():
        demo_ratings_load(now=now)  # a share of the recently returned dossiers rated by their applicants
    progress.phase(_("Tin nhắn đã gửi cho công dân…"))
    demo_messages_load()  # the demo citizens' dossiers' notices, through notify's delivery model (notify.history)
    # The history was written in bulk, past the outbox: the reporting read model is derived from it in one pass.
    progress.phase(_("Dữ liệu báo cáo…"))
    reports_rebuild(progress=progress)
    # Every finished month's scores frozen, as the monthly task would have done: a leader sees a trend on day one.
    progress.phase(_("Điểm Bộ chỉ số 766 các tháng đã qua…"))
    snapshots_take_history(now=now)
    totals = _totals()
    report = DemoReport(
        units_written=units_written + former_written,
        successions_created=successions,
        agencies_written=agencies_written,
        heads_written=heads_written,
        users_created=users_created,
        roles_created=roles_created,
        catalogue=catalogue,
        seconds=time.perf_counter() - started,
        totals=totals,
        history=past,
        news_written=news_written,
        complaints_written=complaints_written,
        signed_results=signed_results,
    )
    if stdout is not None:
        for line in report.lines():
            stdout.write(line + "\n")
    return report
