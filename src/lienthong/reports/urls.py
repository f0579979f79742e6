"""The leaders' dashboard (`reports.views`), under /backoffice/chi-so/."""

from django.urls import path

from lienthong.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("xuat.<str:fmt>", views.overview_export, name="overview_export"),
    path("don-vi/<id:unit_id>/", views.unit, name="unit"),
    path("don-vi/<id:unit_id>/xuat.<str:fmt>", views.unit_export, name="unit_export"),
    path("ho-so/", views.dossiers, name="dossiers"),
    path("phan-anh/", views.complaints, name="complaints"),
    path("dung-han/", views.on_time, name="on_time"),
    path("doi-chieu/", views.beside_national, name="beside_national"),
]
