"""Inboxes ordered by urgency, search, and bulk forward/assign."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lienthong.core.keyset import keyset_page
from lienthong.dossiers import services
from lienthong.dossiers.access import dossiers_visible
from lienthong.dossiers.constants import StepState
from lienthong.dossiers.models import Dossier, StepInstance
from lienthong.dossiers.selectors import INBOX_ORDER, SEARCH_ORDER, Box, dossier_list_for_inbox, dossier_search
from lienthong.dossiers.services.steps import step_assignable
from lienthong.org.access import officer_required
from lienthong.org.constants import Role
from lienthong.org.selectors import assignable_officers

PAGE_SIZE = 100
URGENCIES = ("", "late", "today")  # all, late, due today


def _boxes(scope) -> list[Box]:
    boxes = []
    if scope.is_superuser or scope.agencies(Role.RECEIVER, Role.SPECIALIST, Role.LEADER):
        boxes += [Box.MINE, Box.AGENCY]
    if scope.is_superuser or scope.agencies(Role.MONITOR):
        boxes.append(Box.MONITOR)
    return boxes


@officer_required
def inbox(request: HttpRequest) -> HttpResponse:
    boxes = _boxes(request.scope)
    box = request.GET.get("box") if request.GET.get("box") in boxes else (boxes[0] if boxes else Box.MONITOR)
    urgency = request.GET.get("urgency", "") if request.GET.get("urgency", "") in URGENCIES else ""
    inbox = dossier_list_for_inbox(scope=request.scope, box=box, urgency=urgency)
    page = keyset_page(inbox, INBOX_ORDER, cursor=request.GET.get("after", ""), size=PAGE_SIZE)
    return render(request, "backoffice/inbox.html", {
        "boxes": boxes, "box": box, "urgency": urgency, "page": page, "now": timezone.now(),
        "can_forward": bool(request.scope.agencies(Role.RECEIVER)) and box != Box.MONITOR,
        "assignees": assignable_officers(agency_ids=request.scope.agencies(Role.LEADER)) if box != Box.MONITOR else [],
    })  # fmt: skip


@officer_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    found = dossier_search(scope=request.scope, query=query)
    page = keyset_page(found, SEARCH_ORDER, cursor=request.GET.get("after", ""), size=PAGE_SIZE)
    return render(request, "backoffice/search.html", {"query": query, "page": page, "now": timezone.now()})


def _bulk_forward(request: HttpRequest, dossiers: list[Dossier]) -> tuple[int, list[str]]:
    done, failed = 0, []
    for dossier in dossiers:
        try:
            services.dossier_forward(officer=request.user, dossier=dossier)
            done += 1
        except services.DossierError as error:
            failed.append(f"{dossier.code}: {error.message}")
    return done, failed


def _bulk_assign(request: HttpRequest, dossiers: list[Dossier], assignee_id: str) -> tuple[int, list[str]]:
    assignee = get_user_model().objects.filter(pk=assignee_id).first() if _row_id(assignee_id) else None
    led = request.scope.agencies(Role.LEADER)
    done, failed = 0, []
    for dossier in dossiers:
        step = StepInstance.objects.filter(dossier=dossier, state=StepState.ACTIVE, kind="step", agency_id__in=led)
        step = next(filter(step_assignable, step.select_related("step").order_by("position")), None)
        try:
            if step is None:
                raise services.DossierError(services.DossierError.NO_ACTIVE_STEP,
                                            _("Không có bước nào do đơn vị của bạn phân công."))  # fmt: skip
            services.dossier_assign(officer=request.user, dossier=dossier, step_instance=step, assignee=assignee)
            done += 1
        except services.DossierError as error:
            failed.append(f"{dossier.code}: {error.message}")
    return done, failed


@require_POST
@officer_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Forward or assign many dossiers at once; each goes through its own service call and may fail on its own."""
    ids = [int(i) for i in request.POST.getlist("dossier")[:PAGE_SIZE] if _row_id(i)]
    dossiers = list(dossiers_visible(request.scope, Dossier.objects.filter(pk__in=ids)).order_by("id"))
    if not dossiers:
        messages.warning(request, _("Chưa chọn hồ sơ nào."))
    elif request.POST.get("operation") == "forward":
        _report(request, *_bulk_forward(request, dossiers), verb=_("chuyển xử lý"))
    elif request.POST.get("operation") == "assign":
        _report(request, *_bulk_assign(request, dossiers, request.POST.get("assignee", "")), verb=_("phân công"))
    else:
        messages.error(request, _("Thao tác hàng loạt không hợp lệ."))
    return redirect(request.POST.get("next") if _safe_next(request) else "backoffice:inbox")


def _row_id(text: str) -> bool:
    """A number a bigint holds (as `<id:…>` in URLs): a longer one cannot name a row, and would overflow the driver
    (SQLite) or, past 4,300 digits, Python's own conversion — a 500 for a tampered form."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def _safe_next(request: HttpRequest) -> bool:
    return request.POST.get("next", "").startswith("/backoffice/")


def _report(request: HttpRequest, done: int, failed: list[str], *, verb: str) -> None:
    if done:
        messages.success(request, ngettext("Đã %(verb)s %(n)d hồ sơ.", "Đã %(verb)s %(n)d hồ sơ.", done)
                         % {"verb": verb, "n": done})  # fmt: skip
    if failed:
        head = ngettext("%(n)d hồ sơ không %(verb)s được: ", "%(n)d hồ sơ không %(verb)s được: ", len(failed))
        messages.error(request, head % {"n": len(failed), "verb": verb} + "; ".join(failed))
