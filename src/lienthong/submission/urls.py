"""Online submission, in Vietnamese where a citizen reads it (nop-ho-so = submit a dossier, nhap = draft,
xem-lai = review, da-nop = submitted, bo-sung = supplement)."""

from django.urls import path

from lienthong.submission import views

app_name = "submission"

urlpatterns = [
    path("nhap/", views.drafts, name="drafts"),
    path("nhap/<id:draft_id>/", views.edit, name="edit"),
    path("nhap/<id:draft_id>/xem-lai/", views.review, name="review"),
    path("nhap/<id:draft_id>/noi-nop/", views.agency_choices_fragment, name="agency-choices"),
    path("nhap/<id:draft_id>/tep/<id:file_id>/", views.draft_file, name="draft-file"),
    path("da-nop/<str:code>/", views.done, name="done"),
    path("bo-sung/<str:code>/", views.supplement, name="supplement"),
    path("<str:national_code>/", views.start, name="start"),
]
