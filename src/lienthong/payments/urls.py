from django.urls import path

from lienthong.payments import views

app_name = "payments"

urlpatterns = [
    path("vnpay/ipn/", views.vnpay_ipn, name="vnpay-ipn"),
]
