from django.urls import path

from lienthong.readiness import views

app_name = "readiness"

urlpatterns = [
    path("", views.overview, name="view"),
    path("xlsx/", views.export, name="export"),
    path("pdf/", views.pdf, name="pdf"),
    path("nhap/", views.upload, name="import"),
    path("khoa-so/", views.close, name="close"),
    path("xa/<id:agency_id>/", views.entry, name="entry"),
]
