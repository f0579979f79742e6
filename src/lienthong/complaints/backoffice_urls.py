"""Officers' URLs for complaints, mounted under /backoffice/pakn/."""

from django.urls import path

from lienthong.complaints.views import backoffice

app_name = "complaints_backoffice"

urlpatterns = [
    path("", backoffice.complaint_list, name="list"),
    path("<id:complaint_id>/", backoffice.complaint_page, name="detail"),
    path("<id:complaint_id>/actions/<slug:name>/", backoffice.complaint_action, name="action"),
]
