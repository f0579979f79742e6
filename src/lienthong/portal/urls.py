"""Public URLs, in Vietnamese where a citizen reads them (thu-tuc = procedure, tra-cuu = track)."""

from django.urls import path

from lienthong.portal.views import find, language, pay, rate, readiness, stats, track, verify

app_name = "portal"

urlpatterns = [
    path("", find.home, name="home"),
    path("thu-tuc/", find.procedure_search, name="procedures"),
    path("thu-tuc/<str:national_code>/", find.procedure_page, name="procedure"),
    path("thu-tuc/<str:national_code>/mau/<id:document_id>/", find.template_download, name="template"),
    path("tra-cuu/", track.track, name="track"),
    path("tra-cuu/ket-qua/<str:token>/", track.track_result, name="track-result"),
    path("ngon-ngu/<str:language>/", language.language_choose, name="language"),
    path("tra-cuu/danh-gia/<str:token>/", rate.rate, name="rate"),
    path("thong-ke/", stats.statistics, name="stats"),
    path("thong-ke/san-sang-so/", readiness.readiness, name="readiness"),
    # The address in a signed result's QR code (issue 14): short, as printed; no account needed.
    path("v/<str:code>/<str:public_id>/", verify.verify_result, name="verify"),
    path("v/<str:code>/<str:public_id>/ban-goc/", verify.verify_download, name="verify-download"),
    path("thanh-toan/ho-so/<str:token>/", pay.pay_start, name="pay"),
    path("thanh-toan/ket-qua/", pay.pay_return, name="pay-return"),
    path("thanh-toan/bien-lai/<str:token>/", pay.receipt_download, name="receipt"),
]
