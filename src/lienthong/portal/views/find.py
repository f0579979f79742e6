"""Find a procedure: home, search (ignoring diacritics and word order), browse, and the procedure page."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import PurePath

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lienthong.catalogue.constants import OnlineLevel, TimeUnit
from lienthong.catalogue.declaration import declaration_file_name, declaration_pdf_blank
from lienthong.catalogue.fees import fee_texts
from lienthong.catalogue.models import CompetentAuthority, ProcedureVersion, ProcessStep
from lienthong.catalogue.search import (
    CatalogueFacets,
    Facet,
    ProcedureFilters,
    catalogue_current_names,
    catalogue_facets,
    catalogue_search,
    catalogue_template_for_download,
    catalogue_version_for_public_page,
    downloadable_form,
)
from lienthong.dossiers.usage import procedure_usage_since
from lienthong.org.constants import AgencyKind, Level

PAGE_SIZE = 20
MOST_USED = 8
# The home page and the search form read the catalogue's shape from the cache: a catalogue change shows within
# minutes, and a hit costs no query. Usage over twelve months moves slowly; an hour is plenty.
FACETS_KEY, FACETS_TTL = "portal:find:facets:v1", 5 * 60
MOST_USED_KEY, MOST_USED_TTL = "portal:find:most-used:v1", 60 * 60


# -- reads through the cache ------------------------------------------------------------------------------------


def _facets() -> CatalogueFacets:
    return cache.get_or_set(FACETS_KEY, catalogue_facets, FACETS_TTL)


def _most_used() -> list[dict]:
    """The most used procedures over the last twelve months, as plain data for the cache."""

    def compute() -> list[dict]:
        usage = procedure_usage_since(since=timezone.now() - dt.timedelta(days=365), limit=MOST_USED)
        names = catalogue_current_names(procedure_ids=[procedure_id for procedure_id, _n in usage])
        return [
            {"code": names[procedure_id][0], "name": names[procedure_id][1], "count": count}
            for procedure_id, count in usage
            if procedure_id in names
        ]

    return cache.get_or_set(MOST_USED_KEY, compute, MOST_USED_TTL)


# -- labels, in the reader's language ---------------------------------------------------------------------------


def _level_label(level: str) -> str:
    return str(Level(level).label) if level in Level.values else level


def _kind_at_level(kind: str, level: str) -> str:
    """ "Ủy ban nhân dân cấp xã": every agency of a kind at a level."""
    kind_label = str(AgencyKind(kind).label) if kind in AgencyKind.values else kind
    level_label = _level_label(level)
    return _("%(kind)s %(level)s") % {"kind": kind_label, "level": level_label[:1].lower() + level_label[1:]}


def _facet_label(facet: Facet) -> str:
    if facet.kind:
        return _kind_at_level(facet.kind, facet.level)
    return facet.name or _level_label(facet.level)


def _actor(item: CompetentAuthority | ProcessStep) -> str:
    return item.agency.name if item.agency_id else _kind_at_level(item.agency_kind, item.level)


def _number(value: Decimal) -> str:
    return formats.number_format(Decimal(format(value.normalize(), "f")), use_l10n=True)


def time_limit_label(value: Decimal | None, unit: str) -> str:
    """ "3 ngày làm việc"; what the law publishes as the time limit for settling the procedure."""
    if unit == TimeUnit.IMMEDIATE or value is None:
        return _("Giải quyết ngay khi nhận đủ hồ sơ")
    n, number = (1 if value == 1 else 2), _number(value)
    if unit == TimeUnit.WORKING_HOURS:
        return ngettext("%(n)s giờ làm việc", "%(n)s giờ làm việc", n) % {"n": number}
    if unit == TimeUnit.CALENDAR_DAYS:
        return ngettext("%(n)s ngày", "%(n)s ngày", n) % {"n": number}
    return ngettext("%(n)s ngày làm việc", "%(n)s ngày làm việc", n) % {"n": number}


def _levels_of(version: ProcedureVersion) -> str:
    levels = dict.fromkeys(authority.level for authority in version.authorities.all())
    return ", ".join(_level_label(level) for level in levels)


# -- pages ------------------------------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """Search, browse by field, level and agency, and the most used procedures; no query on a warm cache."""
    facets = _facets()
    return render(
        request,
        "portal/home.html",
        {
            "fields": facets.fields,
            "levels": [(facet, _facet_label(facet)) for facet in facets.levels],
            "agencies": [(facet, _facet_label(facet)) for facet in facets.agencies],
            "most_used": _most_used(),
        },
    )


class SearchForm(forms.Form):
    """The search and browse form; a value not among the choices is ignored rather than refused (a GET page)."""

    q = forms.CharField(label=gettext_lazy("Tên hoặc mã thủ tục"), required=False, max_length=200)
    field = forms.ChoiceField(label=gettext_lazy("Lĩnh vực"), required=False)
    level = forms.ChoiceField(label=gettext_lazy("Cấp thực hiện"), required=False)
    agency = forms.ChoiceField(label=gettext_lazy("Cơ quan thực hiện"), required=False)

    def __init__(self, data, *, facets: CatalogueFacets) -> None:
        super().__init__(data)
        every = [("", _("Tất cả"))]
        self.fields["field"].choices = every + [(f.value, f.name) for f in facets.fields]
        self.fields["level"].choices = every + [(f.value, _facet_label(f)) for f in facets.levels]
        self.fields["agency"].choices = every + [(f.value, _facet_label(f)) for f in facets.agencies]

    def filters(self) -> ProcedureFilters:
        self.is_valid()
        values = {name: self.cleaned_data.get(name, "") for name in ("field", "level", "agency")}
        return ProcedureFilters(query=self.cleaned_data.get("q", ""), **values)


def procedure_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET, facets=_facets())
    filters = form.filters()
    page = Paginator(catalogue_search(filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"version": version, "levels": _levels_of(version), "time_limit": _time_limit(version)}
        for version in page.object_list
    ]
    params = request.GET.copy()
    params.pop("page", None)
    searched = any((filters.query.strip(), filters.field, filters.level, filters.agency))
    return render(
        request,
        "portal/procedure_list.html",
        {"form": form, "page": page, "rows": rows, "searched": searched, "params": params.urlencode()},
    )


def _time_limit(version: ProcedureVersion) -> str:
    return time_limit_label(version.time_limit_value, version.time_limit_unit)


def _not_found(request: HttpRequest, national_code: str) -> HttpResponse:
    """A 404 that says what was not found, in the reader's language, with the search box to try again."""
    return render(request, "portal/procedure_not_found.html", {"national_code": national_code}, status=404)


def procedure_page(request: HttpRequest, national_code: str) -> HttpResponse:
    version = catalogue_version_for_public_page(national_code=national_code)
    if version is None:
        return _not_found(request, national_code)
    return render(
        request,
        "portal/procedure.html",
        {
            "version": version,
            "procedure": version.procedure,
            "levels": _levels_of(version),
            "authorities": [_actor(authority) for authority in version.authorities.all()],
            "steps": [
                (step, _actor(step), _number(step.quota_hours), 1 if step.quota_hours == 1 else 2)
                for step in version.steps.all()
            ],
            "documents": [(document, downloadable_form(document)) for document in version.documents.all()],
            "fees": fee_texts(version.fees.all()),
            "time_limit": _time_limit(version),
            "online": version.online_level != OnlineLevel.OFFLINE,
            "legal_basis": [line.strip() for line in version.legal_basis.splitlines() if line.strip()],
        },
    )


def template_download(request: HttpRequest, national_code: str, document_id: int) -> HttpResponse:
    """A form (mẫu đơn, tờ khai) as an attachment, never rendered inline (security baseline): the province's uploaded
    file, else the declaration printed from the electronic form — so a form the page names is never a dead link."""
    document = catalogue_template_for_download(national_code=national_code, document_id=document_id)
    if document is None:
        return _not_found(request, national_code)
    if document.template_file:
        try:
            handle = document.template_file.open("rb")
        except FileNotFoundError:
            handle = None
        if handle is not None:
            return FileResponse(handle, as_attachment=True, filename=PurePath(document.template_file.name).name)
        if not document.is_declaration:
            return _not_found(request, national_code)
    pdf = declaration_pdf_blank(version=document.version, document=document)
    name = declaration_file_name(document.version, document)
    return FileResponse(io.BytesIO(pdf), as_attachment=True, filename=name, content_type="application/pdf")
