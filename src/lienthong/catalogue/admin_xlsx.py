"""The catalogue workbook in the admin: officials keep the catalogue in Excel, so export and import are one click."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienthong.catalogue.services import CatalogueImportError
from lienthong.catalogue.xlsx import catalogue_export_xlsx, catalogue_import_xlsx

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive


class WorkbookForm(forms.Form):
    workbook = forms.FileField(
        label=gettext_lazy("Tệp Excel danh mục (.xlsx)"),
        help_text=gettext_lazy("Tệp xuất từ hệ thống rồi chỉnh sửa; có lỗi thì không nhập dòng nào."),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 10 MB)."))
        head = upload.read(4)
        upload.seek(0)
        if head != XLSX_MAGIC:
            raise forms.ValidationError(_("Tệp không phải bảng tính Excel .xlsx."))
        return upload


def export_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(catalogue_export_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="danh-muc-thu-tuc-{stamp}.xlsx"'
    return response


def import_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    form = WorkbookForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            report = catalogue_import_xlsx(stream=form.cleaned_data["workbook"].read())
        except CatalogueImportError as exc:
            errors = [str(error) for error in exc.errors]
        else:
            messages.success(request, _("Đã nhập danh mục. ") + "; ".join(report.summary()))
            return redirect("admin:catalogue_procedure_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Nhập danh mục thủ tục từ Excel"),
        "form": form,
        "errors": errors,
    }
    return TemplateResponse(request, "admin/catalogue/procedure/import_xlsx.html", context)
