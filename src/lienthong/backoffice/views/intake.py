"""Desk intake (Decree 61 art. 16–17): pick the procedure, type the applicant and the tờ khai, tick the checklist
against the required documents, attach scans, receive — the code, appointment and Mẫu 01 come at once."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienthong.backoffice.forms import IntakeForm
from lienthong.catalogue.fees import fee_texts
from lienthong.catalogue.models import ProcedureVersion
from lienthong.catalogue.schema_form import schema_data, schema_fields
from lienthong.core.text import fold
from lienthong.dossiers import services
from lienthong.dossiers.access import INTAKE_REFUSED, desk_intake_allowed
from lienthong.dossiers.services.files import attachment_add, file_check
from lienthong.org.access import officer_required
from lienthong.org.constants import Role
from lienthong.org.models import Agency


def _guard(request: HttpRequest) -> None:
    if not desk_intake_allowed(request.scope):
        raise PermissionDenied(INTAKE_REFUSED)


def _desks(request: HttpRequest):
    desks = Agency.objects.filter(is_active=True).order_by("level", "name")
    return desks if request.scope.is_superuser else desks.filter(pk__in=request.scope.agencies(Role.RECEIVER))


def _procedures(agency: Agency, query: str):
    """Procedures in force that this desk's level handles (all of them if the catalogue says nothing of levels)."""
    versions = ProcedureVersion.objects.filter(is_current=True).select_related("procedure__field")
    at_level = versions.filter(Q(authorities__level=agency.level) | Q(steps__level=agency.level)).distinct()
    versions = at_level if at_level.exists() else versions
    if query:
        folded = fold(query)
        versions = [v for v in versions if folded in fold(v.name) or query in v.procedure.national_code]
    return sorted(versions, key=lambda v: (v.procedure.field.name, v.name))


@officer_required
def intake_start(request: HttpRequest) -> HttpResponse:
    _guard(request)
    desks = list(_desks(request)[:200])
    if not desks:
        raise PermissionDenied(INTAKE_REFUSED)
    chosen = request.GET.get("agency", "")
    agency = next((d for d in desks if str(d.pk) == chosen), desks[0])
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "backoffice/intake_start.html", {
        "desks": desks, "agency": agency, "query": query, "versions": _procedures(agency, query),
    })  # fmt: skip


class Checklist:
    """Per required document: a box for the paper copy checked at the desk, and an optional scan."""

    @staticmethod
    def fields(documents) -> dict[str, forms.Field]:
        fields = {}
        for doc in documents:
            fields[f"doc_{doc.pk}"] = forms.BooleanField(label=doc.name, required=False)
            fields[f"scan_{doc.pk}"] = forms.FileField(label=gettext_lazy("Bản quét"), required=False)
        return fields

    @staticmethod
    def present(cleaned: dict, documents) -> set[int]:
        return {doc.pk for doc in documents if cleaned.get(f"doc_{doc.pk}") or cleaned.get(f"scan_{doc.pk}")}

    @staticmethod
    def scans(cleaned: dict, documents) -> list[tuple]:
        return [(doc, cleaned[f"scan_{doc.pk}"]) for doc in documents if cleaned.get(f"scan_{doc.pk}")]


def _form_class(version: ProcedureVersion, documents) -> type[forms.Form]:
    return type("DeskIntakeForm", (IntakeForm,), {**schema_fields(version.form_schema or {}),
                                                 **Checklist.fields(documents)})  # fmt: skip


def _check_scans(form: forms.Form, scans) -> bool:
    ok = True
    for doc, upload in scans:
        try:
            file_check(name=upload.name, stream=upload, size=upload.size)
        except services.DossierError as error:
            form.add_error(f"scan_{doc.pk}", error.message)
            ok = False
    return ok


@transaction.atomic
def _receive(request: HttpRequest, agency: Agency, version: ProcedureVersion, data: dict, documents):
    applicant = services.Applicant(
        name=data["applicant_name"], kind=data["applicant_kind"], id_number=data["applicant_id_number"],
        tax_code=data["applicant_tax_code"], phone=data["applicant_phone"], email=data["applicant_email"],
        address=data["applicant_address"],
    )  # fmt: skip
    dossier = services.dossier_receive(
        officer=request.user, agency=agency, version=version, channel=data["channel"], applicant=applicant,
        form_data=schema_data(data), documents_present=Checklist.present(data, documents),
        result_delivery=data["result_delivery"], summary=data["summary"],
    )  # fmt: skip
    for doc, upload in Checklist.scans(data, documents):
        attachment_add(officer=request.user, dossier=dossier, upload=upload, required_document=doc)
    return dossier


@officer_required
def intake_form(request: HttpRequest, agency_id: int, version_id: int) -> HttpResponse:
    _guard(request)
    agency = get_object_or_404(_desks(request), pk=agency_id)
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=version_id, is_current=True)
    documents = list(version.documents.order_by("position"))
    form = _form_class(version, documents)(request.POST or None, request.FILES or None, label_suffix="")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and _check_scans(form, Checklist.scans(form.cleaned_data, documents)):
            try:
                dossier = _receive(request, agency, version, form.cleaned_data, documents)
            except services.DossierError as error:
                _show(request, form, error)
            else:
                messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code})
                return redirect("backoffice:dossier", dossier_id=dossier.pk)
        else:
            messages.error(request, _("Thông tin chưa hợp lệ, vui lòng kiểm tra lại các ô được đánh dấu."))
    return render(request, "backoffice/intake_form.html", {
        "agency": agency, "version": version, "form": form, "documents": documents,
        "fees": fee_texts(version.fees.all()),
        "form_fields": [form[name] for name in form.fields if name.startswith("form__")],
        "checklist": [(doc, form[f"doc_{doc.pk}"], form[f"scan_{doc.pk}"]) for doc in documents],
    }, status=status)  # fmt: skip


def _show(request: HttpRequest, form: forms.Form, error: services.DossierError) -> None:
    messages.error(request, error.message)
    for line in error.details.get("errors", []):
        messages.error(request, line)
    for name in error.details.get("missing", []):
        messages.error(request, _("Thiếu: %(name)s") % {"name": name})
