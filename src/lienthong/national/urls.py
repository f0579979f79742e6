from django.urls import path

from lienthong.national import views

app_name = "national"

urlpatterns = [
    path("tep/<str:token>/", views.national_file, name="file"),
]
