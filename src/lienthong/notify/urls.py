from django.urls import path

from lienthong.notify import views

app_name = "notify"

urlpatterns = [
    path("bao-nhan/<str:channel>/", views.callback, name="callback"),
    path("tu-choi/<str:token>/", views.opt_out, name="opt-out"),
]
