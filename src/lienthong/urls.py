from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from lienthong.api import api
from lienthong.org.signin import AdminSignInForm

admin.site.site_header = _("Liên Thông — Quản trị hệ thống")
admin.site.site_title = _("Liên Thông")
admin.site.index_title = _("Quản trị danh mục và cấu hình")
admin.site.login_form = AdminSignInForm  # wrong passwords throttled like the back office's (org/signin.py)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("backoffice/", include("lienthong.backoffice.urls")),
    path("tai-khoan/", include("lienthong.accounts.urls")),
    path("nop-ho-so/", include("lienthong.submission.urls")),
    path("tin-tuc/", include("lienthong.news.urls")),
    path("", include("lienthong.portal.urls")),
    path("phan-anh-kien-nghi/", include("lienthong.complaints.urls")),
    path("backoffice/pakn/", include("lienthong.complaints.backoffice_urls")),
    path("backoffice/ket-noi/", include("lienthong.board.urls")),
    path("backoffice/chi-so/", include("lienthong.reports.urls")),
    path("thong-bao/", include("lienthong.notify.urls")),  # providers' delivery reports, the citizen's opt-out
    path("backoffice/lo-trinh/", include("lienthong.roadmaps.urls")),
    path("backoffice/lo-trinh/san-sang-so/", include("lienthong.readiness.urls")),  # the roadmap door
    path("lien-thong/dvcqg/", include("lienthong.national.urls")),  # files the national portal fetches (signed links)
    path("", include("lienthong.ops.urls")),  # /healthz, /readyz, /metrics: for machines (docs/deployment.md)
    path("thanh-toan/", include("lienthong.payments.urls")),  # the payment gateway's server-to-server callbacks
]

# Error pages styled like the site, in the chosen language, saying what to do next; problems under /api/.
handler400 = "lienthong.errors.bad_request"
handler403 = "lienthong.errors.permission_denied"
handler404 = "lienthong.errors.page_not_found"
handler500 = "lienthong.errors.server_error"
