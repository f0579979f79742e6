"""Public URLs of complaints and recommendations (phan-anh-kien-nghi; gui = send, tra-cuu = look up)."""

from django.urls import path

from lienthong.complaints.views import public

app_name = "complaints"

urlpatterns = [
    path("", public.complaint_list, name="list"),
    path("gui/", public.complaint_submit_page, name="submit"),
    path("gui/co-quan/", public.agency_choices_fragment, name="agency-choices"),
    path("gui/da-nhan/<str:token>/", public.complaint_received, name="received"),
    path("tra-cuu/", public.complaint_lookup, name="lookup"),
    path("<slug:code>/", public.complaint_detail, name="detail"),
]
