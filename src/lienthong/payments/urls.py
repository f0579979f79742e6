from django.urls import path

from lienthong.payments import views

app_name = "payments"

urlpatterns = [
    path("vnpay/ipn/", views.vnpay_ipn, name="vnpay-ipn"),
    path("paygov/confirm/", views.paygov_confirm, name="paygov-confirm"),
]
