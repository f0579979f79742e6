"""Citizens' accounts, in Vietnamese where a citizen reads them (tai-khoan = account, ho-so = dossiers)."""

from django.urls import path

from lienthong.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-ky/", views.sign_up, name="sign-up"),
    path("xac-minh/", views.verify, name="verify"),
    path("dang-nhap/", views.sign_in, name="sign-in"),
    path("dang-xuat/", views.sign_out, name="sign-out"),
    path("quen-mat-khau/", views.password_forgotten, name="password-forgotten"),
    path("thong-tin/", views.profile, name="profile"),
    path("ho-so/", views.my_dossiers, name="my-dossiers"),
    path("ho-so/<str:code>/", views.my_dossier, name="my-dossier"),
]
