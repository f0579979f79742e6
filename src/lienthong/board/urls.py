from django.urls import path

from lienthong.board import views

app_name = "board"

urlpatterns = [
    path("", views.board, name="board"),
    path("co-quan/<id:agency_id>/", views.agency, name="agency"),
    path("he-thong/<id:system_id>/", views.system, name="system"),
]

# The monthly compliance report (lienthong.board.compliance).
urlpatterns += [
    path("bao-cao/", views.compliance_index, name="compliance_index"),
    path("bao-cao/<str:month>/", views.compliance, name="compliance"),
    path("bao-cao/<str:month>/xlsx/", views.compliance_xlsx_download, name="compliance_xlsx"),
    path("bao-cao/<str:month>/pdf/", views.compliance_pdf_download, name="compliance_pdf"),
]
