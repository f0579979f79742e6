from django.contrib.auth import views as auth_views
from django.urls import path

from lienthong.backoffice.views import dossier, finance, inbox, intake, messages, receipts
from lienthong.org.signin import OfficerAuthenticationForm

app_name = "backoffice"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="backoffice/login.html", form_class=OfficerAuthenticationForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="backoffice:login"), name="logout"),
    path("", inbox.inbox, name="inbox"),
    path("search/", inbox.search, name="search"),
    path("bulk/", inbox.bulk, name="bulk"),
    path("intake/", intake.intake_start, name="intake"),
    path("intake/<id:agency_id>/<id:version_id>/", intake.intake_form, name="intake_form"),
    path("payments/reconciliation/", finance.reconciliation_list, name="reconciliation"),
    path("payments/collections.xlsx", finance.collections_report, name="collections"),
    path("payments/reconciliation/<id:run_id>/", finance.reconciliation_detail, name="reconciliation_detail"),
    path("dossiers/<id:dossier_id>/", dossier.dossier_page, name="dossier"),
    path("dossiers/<id:dossier_id>/actions/<slug:name>/", dossier.dossier_action, name="action"),
    path("dossiers/<id:dossier_id>/documents/<str:kind>.<str:fmt>", dossier.dossier_document, name="document"),
    path("dossiers/<id:dossier_id>/files/<id:attachment_id>/", dossier.dossier_attachment, name="attachment"),
    path(
        "dossiers/<id:dossier_id>/messages/<id:message_id>/resend/", messages.message_resend_view, name="message_resend"
    ),
    path("messages/rates/", messages.delivery_rates_view, name="message_rates"),
    path("messages/templates/", messages.message_templates_view, name="message_templates"),
    path("messages/templates/<id:template_id>/", messages.message_template_edit_view, name="message_template_edit"),
    path("dossiers/<id:dossier_id>/receipts/<id:receipt_id>/", receipts.receipt_download, name="receipt"),
    path(
        "dossiers/<id:dossier_id>/receipts/<id:receipt_id>/change/", receipts.receipt_change, name="receipt_change"
    ),  # fmt: skip
]
