"""Roadmap pages in the back office: the monitoring office's list of every unit's items (filters, counts), a unit's
own items, an item (milestones, evidence, escalations), a new item, a provincial plan issued to many units."""

import urllib.parse

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lienthong.org.access import officer_required
from lienthong.org.constants import AgencyKind, Level, current_level_choices
from lienthong.org.models import Agency
from lienthong.roadmaps.access import item_editable, roadmaps_all, roadmaps_allowed, roadmaps_own
from lienthong.roadmaps.constants import ItemKind, ItemStatus
from lienthong.roadmaps.exports import unit_roadmap_pdf
from lienthong.roadmaps.forms import EvidenceForm, ItemForm, PlanForm
from lienthong.roadmaps.models import Milestone
from lienthong.roadmaps.selectors import (
    ItemFilters,
    agencies_named,
    item_detail,
    items_counts,
    items_list,
    plan_group_agencies,
    unit_roadmap,
)
from lienthong.roadmaps.services import (
    RoadmapError,
    due_compute,
    evidence_upload,
    item_create,
    milestone_done,
    plan_issue,
)

ITEMS_PER_PAGE = 30
REFUSED = gettext_lazy("Lộ trình dành cho văn phòng giám sát, lãnh đạo và cán bộ công nghệ thông tin của các đơn vị.")


def _scope_ids(request: HttpRequest) -> frozenset[int] | None:
    if not roadmaps_allowed(request.scope):
        raise PermissionDenied(REFUSED)
    return None if roadmaps_all(request.scope) else roadmaps_own(request.scope)


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 19 else None


def _own_communes(ids: frozenset[int] | None) -> list[Agency]:
    """A commune's officers reach their readiness survey's form from their roadmap."""
    if not ids:
        return []
    communes = Agency.objects.filter(pk__in=ids, is_active=True, kind=AgencyKind.PEOPLES_COMMITTEE, level=Level.COMMUNE)
    return list(communes.order_by("name"))


@officer_required
def items(request: HttpRequest) -> HttpResponse:
    ids = _scope_ids(request)
    get = request.GET
    filters = ItemFilters(
        status=get.get("status", "") if get.get("status") in ItemStatus.values else "",
        level=get.get("level", "") if get.get("level") in Level.values else "",
        kind=get.get("kind", "") if get.get("kind") in ItemKind.values else "",
        plan=_int(get.get("ke_hoach")),
        agency=_int(get.get("don_vi")),
    )
    counts = items_counts(agency_ids=ids)
    page = Paginator(items_list(filters=filters, agency_ids=ids), ITEMS_PER_PAGE).get_page(get.get("trang"))
    params = urllib.parse.urlencode({k: v for k, v in get.items() if k != "trang"})
    return render(
        request,
        "roadmaps/list.html",
        {
            "page": page,
            "items": page.object_list,
            "pager_params": params,
            "filters": filters,
            "status_counts": [(value, label, counts[value]) for value, label in ItemStatus.choices],
            "statuses": ItemStatus.choices,
            "levels": current_level_choices(),
            "kinds": ItemKind.choices,
            "everyone": ids is None,
            "surveys": _own_communes(ids),
            # a unit's roadmap on paper: the unit filtered on, or the officer's own unit
            "pdf_agency": filters.agency or (next(iter(ids)) if ids and len(ids) == 1 else None),
            "unit_name": Agency.objects.filter(pk=filters.agency).values_list("name", flat=True).first()
            if filters.agency
            else "",
        },
    )


@officer_required
def item(request: HttpRequest, item_id: int) -> HttpResponse:
    ids = _scope_ids(request)
    found = item_detail(item_id=item_id)
    if found is None or (ids is not None and found[0].agency_id not in ids):
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    roadmap_item, milestones, escalations = found
    form = EvidenceForm()
    editable = item_editable(request.scope, roadmap_item.agency_id)
    if request.method == "POST" and not editable:
        raise PermissionDenied(REFUSED)
    if request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                evidence_upload(item=roadmap_item, upload=form.cleaned_data["document"])
            except RoadmapError as error:
                form.add_error("document", error.messages[0])
            else:
                messages.success(request, _("Đã lưu văn bản minh chứng."))
                return redirect("roadmaps:item", item_id=item_id)
    return render(
        request,
        "roadmaps/item.html",
        {
            "item": roadmap_item,
            "milestones": milestones,
            "escalations": escalations,
            "form": form,
            "editable": editable,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@officer_required
def milestone(request: HttpRequest, item_id: int, milestone_id: int) -> HttpResponse:
    _scope_ids(request)
    found = Milestone.objects.select_related("item").filter(pk=milestone_id, item_id=item_id).first()
    if found is None or not item_editable(request.scope, found.item.agency_id):
        raise Http404(_("Không tìm thấy mốc."))
    milestone_done(milestone=found)
    messages.success(request, _("Đã ghi nhận hoàn thành mốc."))
    return redirect("roadmaps:item", item_id=item_id)


def _due(form: ItemForm):
    data = form.cleaned_data
    if data.get("working_days"):
        return due_compute(working_days=data["working_days"])
    return due_compute(given=data["due_on"])


@officer_required
def item_new(request: HttpRequest) -> HttpResponse:
    ids = _scope_ids(request)
    form = ItemForm(request.POST or None, agencies=agencies_named(agency_ids=ids))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = item_create(
                agency=Agency.objects.get(pk=data["agency"]),
                title=data["title"],
                kind=data["kind"],
                legal_basis=data["legal_basis"],
                owner=data["owner"],
                due=_due(form),
                evidence_kind=data["evidence_kind"],
                evidence_params=form.evidence_params(),
                milestones=form.milestones(),
            )
        except RoadmapError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Đã thêm nhiệm vụ vào lộ trình."))
            return redirect("roadmaps:item", item_id=created.pk)
    return render(
        request,
        "roadmaps/form.html",
        {"form": form, "heading": _("Thêm nhiệm vụ của đơn vị")},
        status=400 if form.errors else 200,
    )


GROUPS = (
    ("communes", gettext_lazy("Tất cả các xã, phường (UBND cấp xã)")),
    ("departments", gettext_lazy("Tất cả các sở, ngành")),
)


@officer_required
def plan_new(request: HttpRequest) -> HttpResponse:
    if not roadmaps_all(request.scope):
        raise PermissionDenied(REFUSED)
    groups = [(key, str(label)) for key, label in GROUPS]
    form = PlanForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = plan_issue(
                title=data["title"],
                legal_basis=data["legal_basis"],
                agencies=plan_group_agencies(data["group"]),
                kind=data["kind"],
                due=_due(form),
                evidence_kind=data["evidence_kind"],
                evidence_params=form.evidence_params(),
                milestones=form.milestones(),
                issued_by=request.user,
            )
        except RoadmapError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Đã giao kế hoạch cho %(n)s đơn vị.") % {"n": plan.items.count()})
            return redirect(f"{reverse('roadmaps:list')}?ke_hoach={plan.pk}")
    return render(
        request,
        "roadmaps/form.html",
        {"form": form, "heading": _("Giao kế hoạch của tỉnh")},
        status=400 if form.errors else 200,
    )


@officer_required
def unit_pdf(request: HttpRequest, agency_id: int) -> HttpResponse:
    """A unit's roadmap as a PDF: the monitoring office's for any unit, a unit's officers' for their own."""
    ids = _scope_ids(request)
    agency = Agency.objects.filter(pk=agency_id, is_active=True).first()
    if agency is None or (ids is not None and agency_id not in ids):
        raise Http404(_("Không tìm thấy cơ quan, đơn vị."))
    response = HttpResponse(unit_roadmap_pdf(agency=agency, items=unit_roadmap(agency_id=agency_id)),
                            content_type="application/pdf")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="lo-trinh-{agency.pk}.pdf"'
    return response
